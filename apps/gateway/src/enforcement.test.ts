import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { addTeamMember, archiveAndDeleteKey, insertUser, updateTeamMember, findKeyByHash, hashApiKey, insertBudget, insertCustomer, insertKey, insertOrganization, findOrganizationById, insertTag, insertTeam, requirePostgres, resetAllSpend, resetDueBudgets, type OpenedDatabase } from '@switchboard/db';
import { spendRowFromCall } from '@switchboard/spend';
import { pythonFloat, REFUSALS } from '@switchboard/contracts';
import type { GatewayState } from './connect-state.ts';
import { startEnforcedGateway, type EnforcedGateway } from './testing/start-enforced-gateway.ts';

const pg = await requirePostgres();
const MASTER = 'sk-master-enforcement';

describe.skipIf(!pg.available)('gateway enforcement against PostgreSQL', () => {
  let gw: EnforcedGateway;
  let database: OpenedDatabase;
  let state: GatewayState;
  let base: string;
  let settled: CallRecord[] = [];

  const config = buildGatewayConfig(
    {
      model_list: [
        { model_name: 'mock', litellm_params: { model: 'mock/m', mock_response: 'fixed answer' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'other', litellm_params: { model: 'mock/o', mock_response: 'other answer' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'unpriced', litellm_params: { model: 'mock/u' } },
        { model_name: 'regional', litellm_params: { model: 'mock/r-eu', mock_response: 'eu answer', region_name: 'eu' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'regional', litellm_params: { model: 'mock/r-us', mock_response: 'us answer', region_name: 'us' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
        { model_name: 'us-only', litellm_params: { model: 'mock/us', mock_response: 'us answer', region_name: 'us' }, model_info: { input_cost_per_token: 0.000001, output_cost_per_token: 0.000002 } },
      ],
      general_settings: { master_key: MASTER },
    },
    {},
  );

  const newKey = (fields: Record<string, unknown> = {}) => gw.newKey(fields);

  const chat = (key: string, body: Record<string, unknown> = {}) =>
    fetch(`${base}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'mock', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2, ...body }),
    });

  beforeAll(async () => {
    gw = await startEnforcedGateway(config, 'sb-gw-journal-');
    ({ database, state, base, settled } = gw);
  });

  afterAll(async () => {
    await gw?.close();
  });

  it('accepts a virtual key and refuses unknown, malformed and SQL-laden keys with 401', async () => {
    const key = await newKey();
    expect((await chat(key)).status).toBe(200);
    // A well-formed unknown key costs one lookup (then it is remembered for a few seconds).
    expect((await chat('sk-unknown-0000000000')).status).toBe(401);
    // Malformed, truncated or SQL-laden keys are refused on their format, before any lookup (that no lookup is
    // made is createKeyVerifier's test in libs/enforcement; a wall-clock bound here only measured the machine).
    for (const bad of ['sk-', "sk-' OR 1=1 --", 'not-a-key', `sk-${'a'.repeat(5000)}`, 'sk-abc;drop table keys']) {
      expect((await chat(bad)).status, bad).toBe(401);
    }
  });

  it("refuses blocked and expired keys, keys of a blocked team and models outside the key, with the refusal table's statuses", async () => {
    expect((await chat(await newKey({ blocked: true }))).status).toBe(REFUSALS.key_blocked.status);
    expect((await chat(await newKey({ expiresAt: new Date(Date.now() - 1000) }))).status).toBe(REFUSALS.key_expired.status);
    const team = await insertTeam(database.db, { alias: 'blocked-team', blocked: true });
    expect((await chat(await newKey({ teamId: team.id }))).status).toBe(REFUSALS.team_blocked.status);
    const res = await chat(await newKey({ models: ['other'] }));
    expect(res.status).toBe(REFUSALS.model_not_allowed.status);
    expect((await res.json()).error).toMatchObject({ code: 'model_not_allowed', type: 'key_model_access_denied', param: 'model' });
  });

  it("names the level whose model list leaves the model out, with LiteLLM's types: key, team, user, organization", async () => {
    const [team, user] = await Promise.all([insertTeam(database.db, { alias: 'narrow-team', models: ['other'] }), insertUser(database.db, { role: 'internal_user', models: ['other'] })]);
    const org = await insertOrganization(database.db, { alias: 'narrow-org', models: ['other'] });
    const orgTeam = await insertTeam(database.db, { alias: 'org-team', organizationId: org.id });
    for (const [fields, type] of [
      [{ teamId: team.id }, 'team_model_access_denied'],
      [{ userId: user.id }, 'user_model_access_denied'],
      [{ teamId: orgTeam.id }, 'org_model_access_denied'],
      [{ teamId: team.id, models: ['other'] }, 'key_model_access_denied'],
    ] as const) {
      const res = await chat(await newKey(fields));
      expect({ type, status: res.status, body: (await res.json()).error }).toMatchObject({ type, status: 401, body: { type, code: 'model_not_allowed' } });
    }
    expect((await chat(await newKey({ teamId: team.id }), { model: 'other' })).status).toBe(200);
  });

  it('enforces a key rpm limit with 429, Retry-After and x-ratelimit headers', async () => {
    const key = await newKey({ rpmLimit: 3 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 5; i++) {
      last = await chat(key);
      statuses.push(last.status);
    }
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(3);
    expect(statuses).toContain(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses a request larger than its tpm limit without Retry-After: waiting would not make it fit', async () => {
    const key = await newKey({ tpmLimit: 2 });
    const res = await chat(key);
    expect(res.status).toBe(REFUSALS.rate_limited.status);
    expect(res.headers.get('retry-after')).toBeNull();
    expect((await res.json()).error.message).toMatch(/estimated \d+ tokens exceed its tpm limit of 2/);
    // One that fits but finds the minute's tokens spent is told when to come back.
    const roomy = await newKey({ tpmLimit: 40 });
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 6 && last?.status !== 429; i++) {
      last = await chat(roomy);
      statuses.push(last.status);
    }
    expect(statuses).toContain(429);
    expect(last?.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it("admits the first call on a budget smaller than one call's worst case, as LiteLLM does, then refuses", async () => {
    const key = await newKey({ maxBudget: '0.0000001' });
    expect((await chat(key)).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(REFUSALS.budget_exceeded.status);
    expect((await refused.json()).error.message).toContain('Budget has been exceeded!');
  });

  it("holds a member to their own budget in the team (max_budget_in_team): first call passes, the next is refused; the membership's spend counts", async () => {
    const [team, user] = await Promise.all([insertTeam(database.db, { alias: 'member-budget' }), insertUser(database.db, { role: 'internal_user' })]);
    await addTeamMember(database.db, { teamId: team.id, userId: user.id });
    const budget = await insertBudget(database.db, { maxBudget: '0.0000001' });
    await updateTeamMember(database.db, team.id, user.id, { budgetId: budget.id });
    const key = await newKey({ teamId: team.id, userId: user.id });
    // Another member of the same team, without a budget of their own, is not held by it.
    const other = await insertUser(database.db, { role: 'internal_user' });
    await addTeamMember(database.db, { teamId: team.id, userId: other.id });
    const otherKey = await newKey({ teamId: team.id, userId: other.id });
    expect((await chat(key)).status).toBe(200);
    const refused = await chat(key);
    expect(refused.status).toBe(REFUSALS.budget_exceeded.status);
    expect((await refused.json()).error.message).toMatch(new RegExp(`^Budget has been exceeded! User=${user.id} in Team=${team.id} Current cost: [0-9.e-]+, Max budget: `));
    expect((await chat(otherKey)).status).toBe(200);
  });

  it("routes an end user with allowed_model_region only to deployments in that region, and says which", async () => {
    await insertCustomer(database.db, { id: 'eu-end-user', metadata: { allowed_model_region: 'eu' } });
    const key = await newKey({});
    for (let i = 0; i < 6; i++) {
      const res = await chat(key, { model: 'regional', user: 'eu-end-user' });
      expect(res.status).toBe(200);
      expect(res.headers.get('x-litellm-model-region')).toBe('eu');
      expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('eu answer');
    }
    const refused = await chat(key, { model: 'us-only', user: 'eu-end-user' });
    expect(refused.status).toBe(400);
    expect((await refused.json()).error.code).toBe('no_deployment_in_region');
    // Without the end user, every region serves.
    expect((await chat(key, { model: 'us-only' })).status).toBe(200);
  });

  it("sends an end user's call to its default_model when the named model has no deployment in its region, within the key's models", async () => {
    await insertCustomer(database.db, { id: 'eu-defaulted', metadata: { allowed_model_region: 'eu', default_model: 'regional' } });
    const key = await newKey({});
    const res = await chat(key, { model: 'us-only', user: 'eu-defaulted' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-litellm-model-group')).toBe('regional');
    expect(res.headers.get('x-litellm-model-region')).toBe('eu');
    expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('eu answer');
    // A model with a deployment in the region keeps its own group.
    expect((await chat(key, { model: 'regional', user: 'eu-defaulted' })).headers.get('x-litellm-model-group')).toBe('regional');
    // The default model is authorized like any other: a key without it is refused, not widened.
    const narrow = await newKey({ models: ['us-only'] });
    expect((await chat(narrow, { model: 'us-only', user: 'eu-defaulted' })).status).toBe(REFUSALS.model_not_allowed.status);
  });

  it('max_parallel_requests: 0 (and rpm_limit: 0) allow no call at all, not unlimited', async () => {
    expect((await chat(await newKey({ maxParallelRequests: 0 }))).status).toBe(REFUSALS.rate_limited.status);
    expect((await chat(await newKey({ rpmLimit: 0 }))).status).toBe(REFUSALS.rate_limited.status);
  });

  it('refuses a budgeted key on a model with no known price', async () => {
    const res = await chat(await newKey({ maxBudget: '1' }), { model: 'unpriced' });
    expect(res.status).toBe(400);
    expect((await res.json()).error.code).toBe('model_not_priced');
  });

  /** The rows `/key/regenerate` leaves with a grace period: the old key retiring into the new one, linked both ways. */
  async function regeneratedPair(fields: Record<string, unknown>): Promise<{ oldKey: string; newKey: string }> {
    const oldKey = `sk-test-${randomUUID()}`;
    const newKey = `sk-test-${randomUUID()}`;
    await insertKey(database.db, { rawKey: newKey, ...fields, metadata: { rotated_from: hashApiKey(oldKey) }, rotationCount: 1, lastRotatedAt: new Date() } as Parameters<typeof insertKey>[1]);
    await insertKey(database.db, { rawKey: oldKey, ...fields, metadata: { rotated_to: hashApiKey(newKey) }, expiresAt: new Date(Date.now() + 3600_000) } as Parameters<typeof insertKey>[1]);
    return { oldKey, newKey };
  }

  /** Rate windows are whole minutes: a test that counts one window starts well inside it. */
  async function awayFromWindowEnd(): Promise<void> {
    const left = 60_000 - (Date.now() % 60_000);
    if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 50));
  }

  it('regeneration grace: old and new key share one rpm counter (rpm_limit 2 admits exactly 2 across both)', async () => {
    const { oldKey, newKey } = await regeneratedPair({ rpmLimit: 2 });
    await awayFromWindowEnd();
    const statuses: number[] = [];
    for (const key of [oldKey, newKey, oldKey, newKey]) statuses.push((await chat(key)).status);
    expect(statuses).toEqual([200, 200, 429, 429]);
    // The same in parallel, on a fresh pair: 20 concurrent requests split over both keys, 2 admitted.
    const pair = await regeneratedPair({ rpmLimit: 2 });
    const parallel = await Promise.all(Array.from({ length: 20 }, (_, i) => chat(i % 2 === 0 ? pair.oldKey : pair.newKey)));
    expect(parallel.filter((res) => res.status === 200)).toHaveLength(2);
    expect(parallel.filter((res) => res.status === 429)).toHaveLength(18);
    const refused = await chat(oldKey);
    expect((await refused.json()).error.message).toContain('Rate limit reached for key');
  });

  it('regeneration grace: a one-way rotated_to (metadata a key holder can write) shares nothing with the key it names', async () => {
    await awayFromWindowEnd();
    const victim = await newKey({ rpmLimit: 2 });
    const forger = await newKey({ rpmLimit: 5, metadata: { rotated_to: hashApiKey(victim) } });
    for (let i = 0; i < 3; i++) expect((await chat(forger)).status).toBe(200);
    expect([(await chat(victim)).status, (await chat(victim)).status]).toEqual([200, 200]);
  });

  it('regeneration grace: old and new key spend one budget, recorded on the new key with the presented key kept', async () => {
    const probe = await chat(MASTER);
    const cost = Number(probe.headers.get('x-switchboard-response-cost'));
    const maxBudget = (cost * 3).toFixed(10);
    // What one key alone gets out of this budget, calling one request at a time.
    const alone = await newKey({ maxBudget });
    let affordable = 0;
    for (let i = 0; i < 6; i++) if ((await chat(alone)).status === 200) affordable++;
    expect(affordable).toBeGreaterThanOrEqual(2);

    const { oldKey, newKey: successor } = await regeneratedPair({ maxBudget });
    const from = settled.length;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await chat(i % 2 === 0 ? oldKey : successor)).status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(affordable);
    const refused = await chat(oldKey);
    expect(refused.status).toBe(REFUSALS.budget_exceeded.status);
    // LiteLLM's words for a key's own budget (the shared count above says whose it is).
    expect((await refused.json()).error.message).toMatch(new RegExp(`^Budget has been exceeded! Current cost: [0-9.e-]+, Max budget: ${pythonFloat(Number(maxBudget)).replace('.', '\\.')}$`));

    const rows = settled.slice(from).filter((record) => record.status === 200).map((record) => spendRowFromCall(record));
    expect(rows.every((row) => row?.keyHash === hashApiKey(successor))).toBe(true);
    expect(rows.filter((row) => row?.metadata?.presentedKeyHash === hashApiKey(oldKey)).length).toBeGreaterThanOrEqual(1);
  });

  /** An admin-created end user (`/customer/new`) with a budget row: global, as in LiteLLM. */
  async function customer(id: string, budget: { maxBudget?: string; rpmLimit?: number }): Promise<void> {
    const row = await insertBudget(database.db, budget);
    await insertCustomer(database.db, { id, budgetId: row.id });
  }

  it("end users: one team's traffic cannot exhaust another team's end user of the same id (budget), and spend rows keep the raw id", async () => {
    const cost = Number((await chat(MASTER)).headers.get('x-switchboard-response-cost'));
    await customer('shared-end-user', { maxBudget: (cost * 2).toFixed(10) });
    const [teamA, teamB] = await Promise.all([insertTeam(database.db, { alias: 'tenant-a' }), insertTeam(database.db, { alias: 'tenant-b' })]);
    const [keyA, otherKeyA, keyB] = await Promise.all([newKey({ teamId: teamA.id }), newKey({ teamId: teamA.id }), newKey({ teamId: teamB.id })]);
    const from = settled.length;
    let spentByA = 0;
    for (let i = 0; i < 6; i++) if ((await chat(keyA, { user: 'shared-end-user' })).status === 200) spentByA++;
    expect(spentByA).toBeGreaterThanOrEqual(1);
    expect(spentByA).toBeLessThanOrEqual(2);
    // Team A's end user is spent out, for every key of team A...
    const refused = await chat(otherKeyA, { user: 'shared-end-user' });
    expect(refused.status).toBe(REFUSALS.budget_exceeded.status);
    expect((await refused.json()).error.code).toBe('budget_exceeded');
    // ...while team B's end user of the same id still has its whole budget.
    expect((await chat(keyB, { user: 'shared-end-user' })).status).toBe(200);
    const rows = settled.slice(from).map((record) => spendRowFromCall(record));
    expect(rows.every((row) => row?.endUser === 'shared-end-user')).toBe(true);
  });

  it('refuses an end user id holding U+0000 (which PostgreSQL cannot store) with a 400, before any lookup, and bills the refusal', async () => {
    const key = await newKey();
    const from = settled.length;
    const res = await chat(key, { user: 'end\u0000user' });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatchObject({ param: 'user', type: 'invalid_request_error' });
    expect(settled.slice(from).map((record) => record.status)).toEqual([400]);
  });

  it("end users: rate limits are counted per tenant too (rpm 2 each for two teams' keys)", async () => {
    await awayFromWindowEnd();
    await customer('rate-limited-end-user', { rpmLimit: 2 });
    const [teamA, teamB] = await Promise.all([insertTeam(database.db, { alias: 'rate-a' }), insertTeam(database.db, { alias: 'rate-b' })]);
    const [keyA, keyB] = await Promise.all([newKey({ teamId: teamA.id }), newKey({ teamId: teamB.id })]);
    const statusesA: number[] = [];
    for (let i = 0; i < 3; i++) statusesA.push((await chat(keyA, { user: 'rate-limited-end-user' })).status);
    expect(statusesA).toEqual([200, 200, 429]);
    expect([(await chat(keyB, { user: 'rate-limited-end-user' })).status, (await chat(keyB, { user: 'rate-limited-end-user' })).status]).toEqual([200, 200]);
    // Without a user field, team A's key is not held by its end user's limit.
    expect((await chat(keyA)).status).toBe(200);
  });

  it("end users: a tenant's counter starts from its own recorded spend, not the customer's total across tenants", async () => {
    await customer('seeded-end-user', { maxBudget: '1' });
    await database.db.execute(sql`update customers set spend = 1 where id = 'seeded-end-user'`);
    const [teamA, teamB] = await Promise.all([insertTeam(database.db, { alias: 'seed-a' }), insertTeam(database.db, { alias: 'seed-b' })]);
    await database.db.execute(sql`insert into spend_logs (request_id, start_time, end_time, team_id, end_user, model, spend, status)
      values (${randomUUID()}, now(), now(), ${teamA.id}, 'seeded-end-user', 'mock', 1, 'success')`);
    const [keyA, keyB] = await Promise.all([newKey({ teamId: teamA.id }), newKey({ teamId: teamB.id })]);
    expect((await chat(keyA, { user: 'seeded-end-user' })).status).toBe(REFUSALS.budget_exceeded.status);
    expect((await chat(keyB, { user: 'seeded-end-user' })).status).toBe(200);
  });

  it('a budget row on budget_duration starts a new period when it resets: its end users and organizations may spend again', async () => {
    const tomorrow = new Date(Date.now() + 86_400_000);
    const periodic = { maxBudget: '0.0000001', budgetDuration: '1d', budgetResetAt: tomorrow };
    const endUserBudget = await insertBudget(database.db, periodic);
    await insertCustomer(database.db, { id: 'periodic-end-user', budgetId: endUserBudget.id });
    const orgBudget = await insertBudget(database.db, periodic);
    const org = await insertOrganization(database.db, { alias: 'periodic-org', budgetId: orgBudget.id });
    const [endUserKey, orgKey] = await Promise.all([newKey(), newKey({ organizationId: org.id })]);
    const spendOut = async (key: string, body: Record<string, unknown> = {}) => [(await chat(key, body)).status, (await chat(key, body)).status];
    expect(await spendOut(endUserKey, { user: 'periodic-end-user' })).toEqual([200, REFUSALS.budget_exceeded.status]);
    expect(await spendOut(orgKey)).toEqual([200, REFUSALS.budget_exceeded.status]);
    // The spent period's cost reaches the organization's counter when the spend journal flushes; a flush after the
    // reset would count it in the new period, so the test waits for it first.
    const flushedBy = performance.now() + 5_000;
    while (Number((await findOrganizationById(database.db, org.id))?.spend ?? 0) === 0 && performance.now() < flushedBy) await new Promise((resolve) => setTimeout(resolve, 50));
    // The period ends: the reset chore (any replica's) starts the next one, and the gateway hears of it from the outbox.
    await database.db.execute(sql`update budgets set budget_reset_at = now() - interval '1 second' where id in (${endUserBudget.id}, ${orgBudget.id})`);
    expect(await resetDueBudgets(database.db)).toBeGreaterThanOrEqual(2);
    const eventually = async (key: string, body: Record<string, unknown> = {}) => {
      const started = performance.now();
      let status = (await chat(key, body)).status;
      while (status !== 200 && performance.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await chat(key, body)).status;
      }
      return status;
    };
    expect(await eventually(endUserKey, { user: 'periodic-end-user' })).toBe(200);
    expect(await eventually(orgKey)).toBe(200);
    // And the new period holds as the last did.
    expect((await chat(endUserKey, { user: 'periodic-end-user' })).status).toBe(REFUSALS.budget_exceeded.status);
    expect((await chat(orgKey)).status).toBe(REFUSALS.budget_exceeded.status);
  });

  it("/global/spend/reset: a spent key's and a spent team's budgets take calls again at once, then hold again", async () => {
    const team = await insertTeam(database.db, { alias: 'reset-team', maxBudget: '0.0000001' });
    const [teamKey, capped] = await Promise.all([newKey({ teamId: team.id }), newKey({ maxBudget: '0.0000001' })]);
    for (const key of [teamKey, capped]) expect([(await chat(key)).status, (await chat(key)).status]).toEqual([200, REFUSALS.budget_exceeded.status]);
    // The spent calls reach the database first: a flush after the reset would count them against the new budgets.
    const flushedBy = performance.now() + 5_000;
    while (Number((await findKeyByHash(database.db, hashApiKey(capped)))?.spend ?? 0) === 0 && performance.now() < flushedBy) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await resetAllSpend(database.db, new Date(), 'test')).toMatchObject({ teams: expect.any(Number), keys: expect.any(Number) });
    for (const key of [teamKey, capped]) {
      const started = performance.now();
      let status = (await chat(key)).status;
      while (status !== 200 && performance.now() - started < 5_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        status = (await chat(key)).status;
      }
      expect(status).toBe(200);
      expect((await chat(key)).status).toBe(REFUSALS.budget_exceeded.status);
    }
  });

  it("holds every call carrying a managed tag to the tag's budget, across keys (the body's tags and a key's alike)", async () => {
    const budget = await insertBudget(database.db, { maxBudget: '0.0000001' });
    await insertTag(database.db, { name: 'capped-tag', budgetId: budget.id });
    const [first, second, tagged] = await Promise.all([newKey(), newKey(), newKey({ tags: ['capped-tag'] })]);
    // The gateway hears of the new tag from the outbox: until then the tag limits nothing.
    const started = performance.now();
    let statuses: number[] = [];
    do {
      statuses = [(await chat(first, { tags: ['capped-tag'] })).status, (await chat(first, { tags: ['capped-tag'] })).status];
    } while (!statuses.includes(REFUSALS.budget_exceeded.status) && performance.now() - started < 5_000);
    expect(statuses).toContain(REFUSALS.budget_exceeded.status);
    // Another key's call with the tag in its metadata, and a key whose own tags carry it: the same spent counter.
    const refused = await chat(second, { metadata: { tags: ['capped-tag'] } });
    expect(refused.status).toBe(REFUSALS.budget_exceeded.status);
    expect((await refused.json()).error.message).toMatch(/^Budget has been exceeded! Tag=capped-tag Current cost: [0-9.e-]+, Max budget: /);
    expect((await chat(tagged)).status).toBe(REFUSALS.budget_exceeded.status);
    // A call without the tag is not held by it.
    expect((await chat(second)).status).toBe(200);
  });

  it('holds a budget under 200 parallel requests: at least 9 of 10 affordable succeed, spend within one request of it', async () => {
    const probe = await chat(MASTER);
    const cost = Number(probe.headers.get('x-switchboard-response-cost'));
    expect(cost).toBeGreaterThan(0);
    const budget = cost * 10;
    const key = await newKey({ maxBudget: budget.toFixed(10) });
    const results = await Promise.all(Array.from({ length: 200 }, () => chat(key)));
    const ok = results.filter((r) => r.status === 200).length;
    expect(ok).toBeGreaterThanOrEqual(9);
    expect(ok).toBeLessThanOrEqual(11);
    expect(results.filter((r) => r.status === REFUSALS.budget_exceeded.status).length).toBe(200 - ok);
    await state.close();
    const row = await findKeyByHash(database.db, hashApiKey(key));
    const spend = Number(row?.spend);
    expect(spend).toBeGreaterThanOrEqual(budget - cost - 1e-12);
    expect(spend).toBeLessThanOrEqual(budget + cost + 1e-12);
    const result = (await database.db.execute(sql`select count(*)::int as n, coalesce(sum(spend), 0)::text as total from spend_logs where key_hash = ${hashApiKey(key)}`)) as unknown as { rows: { n: number; total: string }[] };
    const summary = result.rows[0] as { n: number; total: string };
    expect(summary.n).toBe(200);
    expect(Number(summary.total)).toBeCloseTo(spend, 9);
  });
});
