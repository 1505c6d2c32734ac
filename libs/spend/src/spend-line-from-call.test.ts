import { describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import { eventOfTypedSpendLine, readSpendRow, spendRowSchema, typedSpendLineOf } from '@switchboard/db';
import { spendLineFromCall } from './spend-line-from-call.ts';
import { spendRowFromCall } from './spend-row-from-call.ts';
import { sampleCall } from './testing/sample-call.ts';

/** Quotes and a newline in the alias, a cost and an end time with digits of their own. */
const call: CallRecord = { ...sampleCall, principal: { ...sampleCall.principal, keyAlias: 'ci "alias"\n' } as CallRecord['principal'], costNanoUsd: 1_234, endTime: 1_700_000_000_507 };
const principal = call.principal as NonNullable<CallRecord['principal']>;

/** Calls of every shape the gateway settles. */
const calls: CallRecord[] = [
  call,
  { ...call, principal: { kind: 'master', keyHash: 'b'.repeat(64) }, endUser: undefined, endTime: 1_700_000_001_000 },
  { ...call, responseId: 'chatcmpl-1', parentRequestId: '01890000-0000-7000-8000-000000000002', firstByteTime: 1_700_000_000_042, usage: { promptTokens: 10, completionTokens: 5, totalTokens: 15, estimated: true, cachedPromptTokens: 3 } },
  { ...call, status: 429, errorType: 'rate_limit', clientAborted: true, metadata: { tag: 'ünïcödé ☃ \u2028', nested: { list: [1, 'two', null] } } },
  { ...call, cacheHit: true, cacheKey: 'k'.repeat(64), savedCostNanoUsd: 99, guardrails: [{ guardrail: 'g', mode: 'pre_call', action: 'allowed' }] },
  { ...call, startTime: 1_700_000_000_001, endTime: 1_700_000_000_099, upstreamModel: 'gpt-4o-2024-08-06', modelGroup: 'group', provider: 'openai', deploymentId: 'd1' },
  { ...call, principal: { ...principal, budgetKeyHash: 'c'.repeat(64), keyAlias: undefined, userId: undefined } },
  { ...call, requestedModel: '', route: '/v1/audio/speech', costNanoUsd: 0, firstByteTime: 1_699_999_999_990 },
  { ...call, metadata: { big: 'x'.repeat(5_000) } },
  { ...call, startTime: 1_700_000_000_000.6, endTime: 1_700_000_000_999.9 },
  // Well-formed surrogate pairs are storable text, in a text field and in the metadata.
  { ...call, endUser: 'emoji 🙂 user', metadata: { face: '🙂' }, responseId: 'chatcmpl-🙂' },
  // A backslash is plain text in a typed line (only `\N`, whole, is null).
  { ...call, endUser: 'back\\slash \\N', principal: { ...principal, teamId: 'N\\' } },
  // LiteLLM's request tags, with text JSON escapes.
  { ...call, requestTags: ['prod', 'team "a"', 'ünï'], metadata: { tags: ['prod'] } },
  { ...call, requestTags: [] },
  // Failures: LiteLLM's error_information, with a message holding quotes, a newline, a tab and non-ASCII text.
  { ...call, status: 400, errorType: 'budget_exceeded', errorMessage: 'Budget has been exceeded! Current cost: 0.0, Max budget: 0.0' },
  { ...call, status: 502, errorType: 'upstream_error', provider: 'openai', errorMessage: 'upstream said "no"\n\tünï 🙂' },
  { ...call, status: 499, errorType: 'stream_error', clientAborted: true },
  { ...call, status: 400, errorType: 'bad_request', errorMessage: 'x'.repeat(3_000) },
  // store_prompts_in_spend_logs: the request and the answer, with text a typed line must escape (tab, newline, quotes).
  { ...call, requestBody: { model: 'g', messages: [{ role: 'user', content: 'tab\there\nnew "q" ünï 🙂' }], temperature: 0.2 }, responseBody: { id: 'chatcmpl-1', choices: [{ message: { content: 'ok\t' } }], usage: null } },
  { ...call, requestBody: { input: ['a', 'b'] } },
];

describe('spendLineFromCall', () => {
  /** The general path's line: the row spendRowFromCall makes, validated, as typedSpendLineOf writes it. */
  const generalLine = (record: CallRecord) => typedSpendLineOf(spendRowSchema.parse(spendRowFromCall(record)));

  it('writes exactly the typed line of spendRowFromCall\'s row, for every shape of call', () => {
    for (const record of calls) expect(spendLineFromCall(record)).toBe(generalLine(record));
  });

  it('writes a line that reads back as the row\'s JSON line does, and that the journal reading takes as it is', () => {
    for (const record of calls) {
      const event = eventOfTypedSpendLine(spendLineFromCall(record) as string);
      expect(event).toEqual(JSON.parse(JSON.stringify(spendRowFromCall(record))));
      const row = { ...event, startTime: new Date(event.startTime as string), endTime: new Date(event.endTime as string) };
      expect(readSpendRow(row)).toBe(row);
    }
  });

  it('gets the milliseconds right across seconds, in any order (the per-second prefix is cached)', () => {
    for (const ms of [1_700_000_000_000, 1_700_000_000_005, 1_700_000_000_050, 1_700_000_000_999, 1_700_000_001_000, 1_699_999_999_999, 1_700_000_000_500, 253_402_300_799_998, 0, -1]) {
      const record = { ...call, startTime: ms, endTime: ms + 1 };
      expect(spendLineFromCall(record)).toBe(generalLine(record));
    }
  });

  it('answers undefined when there is no row, or when the row needs the general path (a value to refuse, repair or fill)', () => {
    const general: CallRecord[] = [
      { ...call, principal: undefined },
      { ...call, principal: { kind: 'anonymous' } as CallRecord['principal'] },
      { ...call, requestId: 'not-a-uuid' },
      { ...call, parentRequestId: 'nope' },
      { ...call, principal: { ...principal, keyHash: 'sk-not-a-hash' } },
      { ...call, endUser: '' },
      { ...call, principal: { ...principal, teamId: '' } },
      { ...call, responseId: '' },
      { ...call, usage: { promptTokens: 1.5, completionTokens: 0, totalTokens: 1.5 } },
      { ...call, usage: { promptTokens: -1, completionTokens: 0, totalTokens: 0 } },
      { ...call, startTime: Number.NaN },
      { ...call, endTime: 253_402_300_800_000 },
      { ...call, status: Number.NaN },
      { ...call, costNanoUsd: Number.NaN },
      // Text PostgreSQL cannot store: storableText repairs it on the general path.
      { ...call, endUser: 'nul \u0000 inside' },
      { ...call, metadata: { lone: '\ud800' } },
      { ...call, principal: { ...principal, teamId: 'lone \udc00 low' } },
      // Text a typed line cannot hold as it is: the general path journals the row as a JSON line.
      { ...call, endUser: 'tab\tinside' },
      { ...call, principal: { ...principal, userId: 'new\nline' } },
      { ...call, deploymentId: '\\N' },
      { ...call, responseId: 'chatcmpl-\t1' },
    ];
    for (const record of general) expect(spendLineFromCall(record)).toBeUndefined();
  });
});
