import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** A secret generated once and kept in `file` (mode 0600), so restarts keep logins and encrypted models. */
function persistentSecret(file: string, prefix: string): string {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${prefix}${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * What `npm start` fills in when the user set nothing: the default config (mock models, no provider
 * keys needed), a master key and a salt key generated once and kept in the state folder, a spend
 * journal there too, so a restart replays what a crash left, and the front's loopback address as the one
 * trusted proxy.
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
    out.SWITCHBOARD_MASTER_KEY = persistentSecret(keyFile, 'sk-');
    notes.push(`master key: generated once, read it from ${keyFile} (set SWITCHBOARD_MASTER_KEY to choose your own)`);
  }
  if (!env.SWITCHBOARD_SALT_KEY) out.SWITCHBOARD_SALT_KEY = persistentSecret(join(dataDir, 'salt-key'), '');
  if (!env.SPEND_JOURNAL_DIR) out.SPEND_JOURNAL_DIR = join(dataDir, 'spend-journal');
  // The front (this process) forwards every browser's request from loopback: without trusting it, every
  // client would share one login-throttle source, and one of them could use up everyone's attempts.
  if (env.SWITCHBOARD_TRUSTED_PROXIES === undefined) out.SWITCHBOARD_TRUSTED_PROXIES = '127.0.0.1, ::1';
  return { env: out, notes };
}
