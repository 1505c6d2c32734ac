import { ConfigError } from './config-error.ts';

const ENV_PREFIX = 'os.environ/';

/**
 * Replaces every `os.environ/NAME` string, at any depth, by the variable's value. An unset variable is a
 * startup error naming both the variable and where the config referenced it (never its value).
 */
export function resolveEnvReferences(value: unknown, env: Readonly<Record<string, string | undefined>>, path = ''): unknown {
  if (typeof value === 'string') {
    if (!value.startsWith(ENV_PREFIX)) return value;
    const name = value.slice(ENV_PREFIX.length);
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ConfigError(`${path || 'config'}: "${value}" is not a valid environment reference`);
    const resolved = env[name];
    if (resolved === undefined || resolved === '') throw new ConfigError(`${path || 'config'}: environment variable ${name} is not set`);
    return resolved;
  }
  if (Array.isArray(value)) return value.map((item, i) => resolveEnvReferences(item, env, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = resolveEnvReferences(item, env, path ? `${path}.${key}` : key);
    return out;
  }
  return value;
}
