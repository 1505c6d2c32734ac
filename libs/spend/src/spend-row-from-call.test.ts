import { describe, expect, it } from 'vitest';
import { spendRowFromCall } from './spend-row-from-call.ts';
import { sampleCall } from './testing/sample-call.ts';

const call = sampleCall;

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
