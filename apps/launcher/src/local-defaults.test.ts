import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { localDefaults } from './local-defaults.ts';

describe('localDefaults', () => {
  it('fills in the default config, a persistent master key and salt key, and a spend journal', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-state-'));
    const first = localDefaults({}, '/repo', dir);
    expect(first.env.CONFIG_FILE_PATH).toBe('/repo/config/switchboard.yaml');
    expect(first.env.SWITCHBOARD_MASTER_KEY).toMatch(/^sk-[A-Za-z0-9_-]{32}$/);
    expect(first.env.SPEND_JOURNAL_DIR).toBe(join(dir, 'spend-journal'));
    expect(first.env.SWITCHBOARD_TRUSTED_PROXIES).toBe('127.0.0.1, ::1');
    expect(statSync(join(dir, 'master-key')).mode & 0o777).toBe(0o600);
    const second = localDefaults({}, '/repo', dir);
    expect(second.env.SWITCHBOARD_MASTER_KEY).toBe(first.env.SWITCHBOARD_MASTER_KEY);
    expect(second.env.SWITCHBOARD_SALT_KEY).toBe(first.env.SWITCHBOARD_SALT_KEY);
  });

  it('never overrides what the user set', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-state-'));
    const { env, notes } = localDefaults({ CONFIG_FILE_PATH: 'mine.yaml', LITELLM_MASTER_KEY: 'sk-mine', SWITCHBOARD_SALT_KEY: 's', SPEND_JOURNAL_DIR: '/j', SWITCHBOARD_TRUSTED_PROXIES: '' }, '/repo', dir);
    expect(env).toEqual({});
    expect(notes).toEqual([]);
  });
});
