import { describe, expect, it } from 'vitest';
import { readSpendRow, spendRowSchema } from './spend.ts';

const typical = {
  requestId: '019abcde-1234-7abc-8def-0123456789ab',
  startTime: '2026-11-25T20:30:33.123Z',
  endTime: '2026-11-25T20:30:33.456Z',
  timeToFirstTokenMs: null,
  keyHash: 'a'.repeat(64),
  userId: 'user-1',
  teamId: null,
  organizationId: null,
  endUser: null,
  model: 'gpt-4o-mini',
  modelGroup: 'bench-model',
  provider: 'openai',
  deploymentId: 'dep-1',
  callType: '/chat/completions',
  promptTokens: 12,
  completionTokens: 3,
  totalTokens: 15,
  spend: '0.0000036',
  status: 'success',
  metadata: { statusCode: 200, attempts: 1, stream: false },
};

let seed = 11;
const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
const pick = <T>(pool: readonly T[]): T => pool[Math.floor(next() * pool.length)] as T;
const ABSENT = Symbol('absent');
const odd = [ABSENT, null, '', 'x', 0, -1, 1.5, true, [], {}];
const pools: Record<string, readonly unknown[]> = {
  requestId: ['019abcde-1234-7abc-8def-0123456789ab', '019ABCDE-1234-7ABC-8DEF-0123456789AB', '019abcde-1234-7abc-8def-0123456789a', 'not-a-uuid', ...odd],
  startTime: ['2026-11-25T20:30:33.123Z', '2024-02-29T00:00:00.000Z', '2023-02-29T00:00:00.000Z', '2026-11-25T20:30:33Z', '2026-11-25T20:30:33.123+01:00', '0000-01-01T00:00:00.000Z', '2026-13-01T00:00:00.000Z', new Date(0), new Date(Number.NaN), ...odd],
  endTime: ['2026-11-25T20:30:33.456Z', new Date(1_700_000_000_000), '2026-11-25', ...odd],
  timeToFirstTokenMs: [0, 250, -1, 2.5, ...odd],
  keyHash: ['a'.repeat(64), 'A'.repeat(64), 'a'.repeat(63), ...odd],
  userId: ['u1', ...odd],
  teamId: ['t1', ...odd],
  endUser: ['e1', ...odd],
  model: ['gpt-4o', ...odd],
  callType: ['/chat/completions', ...odd],
  promptTokens: [0, 12, 1e6, -3, 0.5, ...odd],
  totalTokens: [15, ...odd],
  spend: ['0', '0.0000036', '12.5', '-0.5', '0.00000000001', '12345678901', '00000000001.5', '1e-5', '.5', 1.5, ...odd],
  status: ['success', 'failure', 'ok', ...odd],
  cacheHit: [true, false, ...odd],
  metadata: [{ statusCode: 200 }, {}, { nested: { a: [1] } }, [1], ...odd],
  requestBody: [{ model: 'x' }, 'text', ...odd],
  extra: [ABSENT, ABSENT, ABSENT, 'unknown field'],
};

describe('readSpendRow reads like spendRowSchema', () => {
  it('on generated events: when it answers, the schema accepts and gives the same row', () => {
    let answered = 0;
    for (let i = 0; i < 20_000; i++) {
      const event: Record<string, unknown> = { ...typical };
      for (const [field, pool] of Object.entries(pools)) {
        if (next() < 0.8) continue; // mostly the typical value, so both answers occur often
        const value = pick(pool);
        if (value === ABSENT) delete event[field];
        else event[field] = value instanceof Date ? new Date(value.getTime()) : structuredClone(value);
      }
      const fast = readSpendRow(event);
      if (fast === undefined) continue;
      answered++;
      const parsed = spendRowSchema.safeParse(event);
      expect({ event, success: parsed.success }).toEqual({ event, success: true });
      expect(fast).toEqual(parsed.data);
    }
    expect(answered).toBeGreaterThan(1_000);
  });

  it('takes the rows the gateway journals, after their trip through JSON', () => {
    const row = readSpendRow(JSON.parse(JSON.stringify({ ...typical, startTime: new Date(), endTime: new Date() })));
    expect(row).toBeDefined();
    expect(row?.startTime).toBeInstanceOf(Date);
    expect(readSpendRow({ requestId: typical.requestId, startTime: typical.startTime, endTime: typical.endTime, model: 'm', spend: '0', status: 'failure' })).toEqual(
      spendRowSchema.parse({ requestId: typical.requestId, startTime: typical.startTime, endTime: typical.endTime, model: 'm', spend: '0', status: 'failure' }),
    );
  });
});
