import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requirePostgres } from '@switchboard/db';
import { dumpAllTables, startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();

describe.skipIf(!postgres.available)('a raw key appears only in the response that created it (PostgreSQL)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('is in no table, log line, audit row, list or info response', async () => {
    const raws: string[] = [];
    const generated = await h.call('POST', '/key/generate', { body: { key_alias: 'secret-check' } });
    raws.push(generated.body.key);
    const user = await h.call('POST', '/user/new', { body: { user_id: 'sam', password: 'sam-password-1' } });
    raws.push(user.body.key);
    const regenerated = await h.call('POST', '/key/regenerate', { body: { key: generated.body.key, grace_period: '1h' } });
    raws.push(regenerated.body.key);
    const custom = 'sk-custom-secret-abcdefghijklmnop';
    await h.call('POST', '/key/generate', { body: { key: custom } });
    raws.push(custom);
    // Use the keys, so any logging of the request path shows up.
    await h.call('GET', `/key/info?key=${raws[0]}`);
    await h.call('GET', '/user/info', { key: raws[1] });
    await h.call('GET', '/key/list', { key: raws[1] });

    const responses = [
      (await h.call('GET', '/key/list?size=500')).text,
      (await h.call('GET', '/user/info?user_id=sam')).text,
      (await h.call('GET', '/audit?size=500')).text,
      (await h.call('GET', `/key/info?key=${regenerated.body.token}`)).text,
    ].join('\n');
    const tables = await dumpAllTables(h.pool);
    const logs = h.logs.join('');
    expect(logs.length).toBeGreaterThan(0);
    for (const raw of raws) {
      expect(raw).toMatch(/^sk-/);
      expect(tables, 'tables').not.toContain(raw);
      expect(logs, 'logs').not.toContain(raw);
      expect(responses, 'responses').not.toContain(raw);
    }
    expect(tables).not.toContain('sam-password-1');
    expect(tables).not.toContain('sk-master-test');
  });
});
