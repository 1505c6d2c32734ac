import { describe, expect, it } from 'vitest';
import type { CallRecord } from '@switchboard/contracts';
import { spendRowFromCall } from './spend-row-from-call.ts';

const call: CallRecord = {
  requestId: '01890000-0000-7000-8000-000000000001',
  route: '/v1/chat/completions',
  principal: { kind: 'virtual_key', keyHash: 'a'.repeat(64), keyAlias: 'ci', userId: 'u1', teamId: 't1', organizationId: 'o1' },
  requestedModel: 'gpt-4o',
  stream: false,
  costNanoUsd: 1_000,
  status: 200,
  startTime: 1_700_000_000_000,
  endTime: 1_700_000_000_500,
  attempts: 1,
  endUser: 'customer-1',
  clientAborted: false,
};

describe('spendRowFromCall', () => {
  it("names who called under LiteLLM's metadata keys, which LiteLLM's clients read from a spend log", () => {
    expect(spendRowFromCall(call)?.metadata).toMatchObject({
      user_api_key: 'a'.repeat(64),
      user_api_key_alias: 'ci',
      user_api_key_user_id: 'u1',
      user_api_key_team_id: 't1',
      user_api_key_org_id: 'o1',
      user_api_key_end_user_id: 'customer-1',
    });
  });

  it('writes no row for an unauthenticated request', () => {
    expect(spendRowFromCall({ ...call, principal: { kind: 'anonymous' } })).toBeUndefined();
  });
});
