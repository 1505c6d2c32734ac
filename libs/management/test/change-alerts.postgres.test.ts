import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const pg = await requirePostgres();
const HOOK = 'https://hooks.slack.example/services/T0/B0/secret-path';

/**
 * LiteLLM's management-event alerts (new_virtual_key_created, team_updated, ...), raised from the audited changes
 * every route writes: whichever route changes a key or a team, the alert goes out, without the key or the values.
 */
describe.skipIf(!pg.available)('management-event alerts (PostgreSQL)', () => {
  let h: Harness;
  const posted: { url: string; text: string }[] = [];
  const sent = () => posted.map((post) => post.text).join('\n\n');

  beforeAll(async () => {
    const config = buildGatewayConfig({ model_list: [], general_settings: { alerting: ['slack'], alert_types: ['new_virtual_key_created', 'virtual_key_updated', 'virtual_key_deleted', 'new_team_created', 'team_updated', 'new_internal_user_created'] } }, {});
    h = await startHarness({
      configSections: config.sections,
      alerting: { env: { SLACK_WEBHOOK_URL: HOOK }, post: async (url, body) => void posted.push({ url, text: JSON.parse(body).text as string }) },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('alerts on keys, teams and users created, changed and deleted, by whom, without secrets', async () => {
    const team = await h.call('POST', '/team/new', { body: { team_alias: 'alerts-team' } });
    expect(team.status).toBe(200);
    const member = await h.call('POST', '/team/member_add', { body: { team_id: team.body.team_id, member: [{ role: 'user', user_id: 'alert-user-1' }] } });
    expect(member.status).toBe(200);
    const key = await h.call('POST', '/key/generate', { body: { team_id: team.body.team_id, key_alias: 'alert-key' } });
    expect(key.status).toBe(200);
    expect((await h.call('POST', '/key/update', { body: { key: key.body.key, max_budget: 12.5 } })).status).toBe(200);
    expect((await h.call('POST', '/key/block', { body: { key: key.body.key } })).status).toBe(200);
    expect((await h.call('POST', '/key/delete', { body: { keys: [key.body.key] } })).status).toBe(200);
    await h.changeAlerts?.flush();

    const text = sent();
    expect(text).toMatch(/`new_team_created`[\s\S]*team\.new by master_key: team /);
    expect(text).toMatch(/`team_updated`[\s\S]*team\.member_add by master_key/);
    expect(text).toMatch(/`new_virtual_key_created`[\s\S]*key\.generate by master_key: key \(hash\) [0-9a-f]{64}/);
    expect(text).toMatch(/`virtual_key_updated`[\s\S]*key\.update by master_key[\s\S]*fields: `[^`]*max_budget/);
    expect(text).toMatch(/`virtual_key_updated`[\s\S]*key\.block by master_key/);
    expect(text).toMatch(/`virtual_key_deleted`[\s\S]*key\.delete by master_key/);
    expect(text).not.toContain(key.body.key);
    expect(text).not.toContain('12.5');
    expect(posted.every((post) => post.url === HOOK)).toBe(true);
  });

  it('follows /config/update: alert types turned off there are not sent', async () => {
    expect((await h.call('POST', '/config/update', { body: { general_settings: { alert_types: ['team_deleted'] } } })).status).toBe(200);
    await h.changeAlerts?.flush();
    const before = posted.length;
    expect((await h.call('POST', '/key/generate', { body: { key_alias: 'quiet-key' } })).status).toBe(200);
    await h.changeAlerts?.flush();
    expect(posted.length).toBe(before);
  });
});
