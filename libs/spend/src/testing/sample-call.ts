import type { CallRecord } from '@switchboard/contracts';

/** A settled call of a virtual key with a user, team, organization and end user: what the spend tests start from. */
export const sampleCall: CallRecord = {
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
