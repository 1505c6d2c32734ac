import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * What `npm start` fills in when the user set nothing: the default config (mock models, no provider
 * keys needed) and a master key generated once and kept in the data folder, so logins survive restarts.
 */
export function localDefaults(env: Readonly<Record<string, string | undefined>>, root: string, dataDir: string): { env: Record<string, string>; notes: string[] } {
  const out: Record<string, string> = {};
  const notes: string[] = [];
  if (!env.CONFIG_FILE_PATH) {
    out.CONFIG_FILE_PATH = join(root, 'config/switchboard.yaml');
    notes.push(`config: ${out.CONFIG_FILE_PATH} (set CONFIG_FILE_PATH to use your own)`);
  }
  if (!env.SWITCHBOARD_MASTER_KEY && !env.LITELLM_MASTER_KEY) {
    const keyFile = join(dataDir, 'master-key');
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      writeFileSync(keyFile, `sk-${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
    }
    out.SWITCHBOARD_MASTER_KEY = readFileSync(keyFile, 'utf8').trim();
    notes.push(`master key: generated once, read it from ${keyFile} (set SWITCHBOARD_MASTER_KEY to choose your own)`);
  }
  return { env: out, notes };
}
