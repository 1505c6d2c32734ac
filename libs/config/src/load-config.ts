import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { buildGatewayConfig } from './build-gateway-config.ts';
import { ConfigError } from './config-error.ts';
import type { GatewayConfig } from './gateway-config.ts';

/** The config path from `--config <path>` / `--config=<path>`, else `CONFIG_FILE_PATH`. */
export function configPathFrom(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--config') return argv[i + 1];
    if (arg.startsWith('--config=')) return arg.slice('--config='.length);
  }
  return env.CONFIG_FILE_PATH && env.CONFIG_FILE_PATH !== '' ? env.CONFIG_FILE_PATH : undefined;
}

/** Reads and resolves the config file; no file means no config-file models (DB models may still come). */
export function loadGatewayConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): GatewayConfig {
  const path = configPathFrom(argv, env);
  if (!path) return buildGatewayConfig({}, env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`config file ${path} cannot be read: ${(err as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  let document: unknown;
  try {
    document = parse(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new ConfigError(`config file ${path} is not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  return buildGatewayConfig(document, env, path);
}
