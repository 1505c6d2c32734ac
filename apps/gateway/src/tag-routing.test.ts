import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { hashApiKey, insertTeam, requirePostgres } from '@switchboard/db';
import { sql } from 'drizzle-orm';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();

/** LiteLLM's tag routing end to end: the body's tags, the key's and its team's choose among a group's deployments. */
describe.skipIf(!pg.available)('tag routing (PostgreSQL)', () => {
  let gw: EnforcedGateway;
  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'shared', litellm_params: { model: 'mock/a', tags: ['teamA'] }, model_info: { id: 'team-a-model' } },
        { model_name: 'shared', litellm_params: { model: 'mock/b', tags: ['teamB'] }, model_info: { id: 'team-b-model' } },
        { model_name: 'shared', litellm_params: { model: 'mock/d', tags: ['default'] }, model_info: { id: 'default-model' } },
      ],
      router_settings: { enable_tag_filtering: true },
    },
    {},
  );

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-tags-');
  });
  afterAll(async () => {
    await gw?.close();
  });

  const modelIdOf = async (key: string, extra: Record<string, unknown> = {}) => {
    const response = await fetch(`${gw.base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'shared', messages: [{ role: 'user', content: 'Hi' }], ...extra }),
    });
    expect(response.status).toBe(200);
    return response.headers.get('x-litellm-model-id');
  };

  it("routes by the team's tags, the key's and the request's, and untagged calls to the default deployment", async () => {
    await insertTeam(gw.database.db, { id: 'tagged-team-a', metadata: { tags: ['teamA'] } });
    const teamKey = await gw.newKey({ teamId: 'tagged-team-a' });
    const keyTagged = await gw.newKey({ tags: ['teamB'] });
    const plain = await gw.newKey();
    for (let i = 0; i < 4; i++) {
      expect(await modelIdOf(teamKey)).toBe('team-a-model');
      expect(await modelIdOf(keyTagged)).toBe('team-b-model');
      expect(await modelIdOf(plain)).toBe('default-model');
      expect(await modelIdOf(plain, { metadata: { tags: ['teamB'] } })).toBe('team-b-model');
      expect(await modelIdOf(plain, { tags: ['nobody'] })).toBe('default-model');
    }
  });

  it("keeps the call's tags on its spend row (LiteLLM's request_tags): the key's first, then the request's; none when untagged", async () => {
    const key = await gw.newKey({ tags: ['teamB'] });
    const plain = await gw.newKey();
    // LiteLLM keeps a key's tags in its metadata: those are the key's too.
    const metadataTagged = await gw.newKey({ metadata: { tags: ['from-metadata'] } });
    await modelIdOf(metadataTagged);
    await modelIdOf(key, { metadata: { tags: ['cost-center-7', 'teamB'] }, tags: ['adhoc'] });
    await modelIdOf(plain);
    const tagsOf = async (raw: string) => {
      for (let i = 0; i < 100; i++) {
        const result = (await gw.database.db.execute(sql`select metadata->'request_tags' as tags from spend_logs where key_hash = ${hashApiKey(raw)}`)) as unknown as { rows: { tags: unknown }[] };
        if (result.rows.length > 0) return result.rows.map((row) => row.tags);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      throw new Error('no spend row was written');
    };
    expect(await tagsOf(key)).toEqual([['teamB', 'adhoc', 'cost-center-7']]);
    expect(await tagsOf(plain)).toEqual([null]);
    expect(await tagsOf(metadataTagged)).toEqual([['from-metadata']]);
  });
});
