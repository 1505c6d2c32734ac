import { describe, expect, it } from 'vitest';
import { readWorkerSettings, refuseLocalLimits, workerJournalDir } from './worker-settings.ts';

describe('readWorkerSettings', () => {
  it('runs one process by default, and one per core with auto', () => {
    expect(readWorkerSettings({}, 8)).toEqual({ workers: 1, allowLocalLimits: false });
    expect(readWorkerSettings({ GATEWAY_WORKERS: '' }, 8).workers).toBe(1);
    expect(readWorkerSettings({ GATEWAY_WORKERS: 'auto' }, 8).workers).toBe(8);
    expect(readWorkerSettings({ GATEWAY_WORKERS: ' 3 ' }, 8).workers).toBe(3);
  });

  it.each(['0', '-1', '1.5', 'two', '65'])('refuses GATEWAY_WORKERS=%s with a message naming the setting', (value) => {
    expect(() => readWorkerSettings({ GATEWAY_WORKERS: value }, 8)).toThrow(`GATEWAY_WORKERS must be "auto" (one per core) or a whole number from 1 to 64, got "${value.trim()}"`);
  });

  it('reads the per-worker limits flag strictly', () => {
    expect(readWorkerSettings({ GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS: 'true' }).allowLocalLimits).toBe(true);
    expect(readWorkerSettings({ GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS: 'false' }).allowLocalLimits).toBe(false);
    expect(() => readWorkerSettings({ GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS: 'yes' })).toThrow('GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS must be true or false');
  });
});

describe('refuseLocalLimits', () => {
  it('refuses several workers without Redis unless per-worker limits are accepted', () => {
    expect(() => refuseLocalLimits({ workers: 4, allowLocalLimits: false }, false)).toThrow('GATEWAY_WORKERS=4 without Redis');
    expect(() => refuseLocalLimits({ workers: 4, allowLocalLimits: false }, true)).not.toThrow();
    expect(() => refuseLocalLimits({ workers: 4, allowLocalLimits: true }, false)).not.toThrow();
    expect(() => refuseLocalLimits({ workers: 1, allowLocalLimits: false }, false)).not.toThrow();
  });
});

it('gives each worker its own journal folder under SPEND_JOURNAL_DIR', () => {
  expect(workerJournalDir('/var/spend', 2)).toBe('/var/spend/worker-2');
});
