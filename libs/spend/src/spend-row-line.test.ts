import { describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import type { SpendRowInput } from '@switchboard/db';
import { spendRowFromCall } from './spend-row-from-call.ts';
import { spendRowLine } from './spend-row-line.ts';
import { sampleCall } from './testing/sample-call.ts';

/** Quotes and a newline in the alias, a cost and an end time with digits of their own. */
const call: CallRecord = { ...sampleCall, principal: { ...sampleCall.principal, keyAlias: 'ci "alias"\n' } as CallRecord['principal'], costNanoUsd: 1_234, endTime: 1_700_000_000_507 };

/** Rows as the gateway makes them, of every shape spendRowFromCall gives. */
const rows: SpendRowInput[] = [
  call,
  { ...call, principal: { kind: 'master', keyHash: 'b'.repeat(64) }, endUser: undefined, endTime: 1_700_000_001_000 },
  { ...call, responseId: 'chatcmpl-1', parentRequestId: '01890000-0000-7000-8000-000000000002', firstByteTime: 1_700_000_000_042, usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, estimated: true, cachedPromptTokens: 3 } },
  { ...call, status: 429, errorType: 'rate_limit', clientAborted: true, metadata: { tag: 'ünïcödé ☃ \u2028', nested: { list: [1, 'two', null] } } },
  { ...call, cacheHit: true, cacheKey: 'k'.repeat(64), savedCostNanoUsd: 99, guardrails: [{ guardrail: 'g', mode: 'pre_call', action: 'allowed' }] },
  { ...call, startTime: 1_700_000_000_001, endTime: 1_700_000_000_099, upstreamModel: 'gpt-4o-2024-08-06', modelGroup: 'group', provider: 'openai', deploymentId: 'd1' },
].map((record) => spendRowFromCall(record as CallRecord) as SpendRowInput);

describe('spendRowLine', () => {
  it('writes exactly what JSON.stringify writes, for every shape of row the gateway makes', () => {
    for (const row of rows) expect(spendRowLine(row)).toBe(JSON.stringify(row));
  });

  it('gets the milliseconds right across seconds, in any order (the per-second prefix is cached)', () => {
    const base = rows[0] as SpendRowInput;
    for (const ms of [1_700_000_000_000, 1_700_000_000_005, 1_700_000_000_050, 1_700_000_000_999, 1_700_000_001_000, 1_699_999_999_999, 1_700_000_000_500, 253_402_300_799_999, 253_402_300_800_000, -1]) {
      const row = { ...base, startTime: new Date(ms), endTime: new Date(ms + 1) };
      expect(spendRowLine(row)).toBe(JSON.stringify(row));
    }
  });

  it('answers undefined, for the caller to stringify, for a row of any other shape', () => {
    const base = rows[0] as SpendRowInput;
    const { metadata: _metadata, ...withoutMetadata } = base;
    const others: unknown[] = [
      { ...base, startTime: base.startTime instanceof Date ? base.startTime.toISOString() : base.startTime },
      { ...base, endTime: new Date(Number.NaN) },
      { ...base, requestBody: { messages: [] } },
      withoutMetadata,
      { responseId: base.responseId, ...base },
      { ...base, promptTokens: 1.5 },
      { ...base, timeToFirstTokenMs: '7' },
      { ...base, userId: 42 },
      { ...base, cacheHit: 'no' },
    ];
    for (const row of others) expect(spendRowLine(row as SpendRowInput)).toBeUndefined();
  });
});
