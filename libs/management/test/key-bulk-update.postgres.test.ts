import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

/** LiteLLM's `/key/bulk_update`: many keys, each through /key/update's checks, partial success reported per key. */
describe.skipIf(!postgres.available)('/key/bulk_update (PostgreSQL)', () => {
  let h: Harness;
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    h = await startHarness();
    for (const id of ['ann', 'bob']) keys[id] = (await h.call('POST', '/user/new', { body: { user_id: id, user_role: 'internal_user' } })).body.key;
    await h.call('POST', '/team/new', { body: { team_id: 'bulk-team' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it("changes each key given, in LiteLLM's shape, and reports the ones it could not", async () => {
    const a = (await h.call('POST', '/key/generate', { body: { user_id: 'ann' } })).body.key as string;
    const b = (await h.call('POST', '/key/generate', { body: { user_id: 'bob' } })).body.key as string;
    const answer = await h.call('POST', '/key/bulk_update', { body: { keys: [{ key: a, max_budget: 5, tags: ['x'] }, { key: b, team_id: 'bulk-team' }, { key: 'sk-no-such-key-0123456789' }] } });
    expect(answer.status).toBe(200);
    expect(answer.body.total_requested).toBe(3);
    expect(answer.body.successful_updates.map((row: { key: string; key_info: { max_budget: number | null; team_id: string | null; tags: string[] } }) => [row.key, row.key_info.max_budget, row.key_info.team_id, row.key_info.tags])).toEqual([
      [a, 5, null, ['x']],
      [b, null, 'bulk-team', []],
    ]);
    expect(answer.body.failed_updates).toEqual([{ key: 'sk-no-such-key-0123456789', key_info: null, failed_reason: expect.any(String) }]);
  });

  it("holds a non-admin to /key/update's rules on every key: another user's key fails, its own budget may not rise", async () => {
    const own = (await h.call('POST', '/key/generate', { key: keys.ann, body: {} })).body.key as string;
    const others = (await h.call('POST', '/key/generate', { body: { user_id: 'bob' } })).body.key as string;
    const answer = await h.call('POST', '/key/bulk_update', { key: keys.ann, body: { keys: [{ key: own, tags: ['mine'] }, { key: others, tags: ['stolen'] }, { key: own, team_id: 'bulk-team' }] } });
    expect(answer.body.successful_updates.map((row: { key: string }) => row.key)).toEqual([own]);
    expect(answer.body.failed_updates.map((row: { key: string }) => row.key)).toEqual([others, own]);
  });

  it('refuses a body outside LiteLLM\'s item fields, and an empty list', async () => {
    expect((await h.call('POST', '/key/bulk_update', { body: { keys: [{ key: 'k', models: ['x'] }] } })).status).toBe(400);
    expect((await h.call('POST', '/key/bulk_update', { body: { keys: [] } })).status).toBe(400);
  });
});
