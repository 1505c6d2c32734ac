import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher, CredentialDecryptionError, MissingSaltKeyError } from '../../credentials/credential-cipher.ts';
import { foreignKeyViolation, uniqueViolation } from '../../errors.ts';
import { hashApiKey } from '../../hash-secret.ts';
import { archiveAndDeleteKey, findDeletedKeys, findKeyByAlias, findKeyByHash, insertKey, listKeys, updateKey } from '../../repositories/keys.ts';
import { deleteBudget, findBudgetById, insertBudget, listBudgets, updateBudget } from '../../repositories/budgets.ts';
import { deleteCustomer, findCustomerById, insertCustomer, listCustomers, updateCustomer } from '../../repositories/customers.ts';
import {
  addOrganizationMember,
  addTeamMember,
  listOrganizationMembers,
  listTeamMembers,
  listTeamsOfUser,
  removeOrganizationMember,
  removeTeamMember,
} from '../../repositories/memberships.ts';
import { deleteModel, findModelById, insertModel, listModels, updateModel } from '../../repositories/models.ts';
import { deleteCredential, findCredentialByName, insertCredential, listCredentials, updateCredential } from '../../repositories/credentials.ts';
import { deleteTag, findTagsByNames, insertTag, listTagLimits, listTags, tagSpendSince, updateTag } from '../../repositories/tags.ts';
import { insertSpendBatch } from '../../repositories/spend.ts';
import { deleteOrganization, findOrganizationById, insertOrganization, listOrganizations, updateOrganization } from '../../repositories/organizations.ts';
import { latestOutboxId, readOutboxAfter } from '../../repositories/outbox.ts';
import { createSession, deleteExpiredSessions, deleteSession, deleteSessionsOfUser, findSession } from '../../repositories/sessions.ts';
import { deleteTeam, findTeamById, insertTeam, listTeams, updateTeam } from '../../repositories/teams.ts';
import { deleteUser, findUserByEmail, findUserById, insertUser, listUsers, updateUser } from '../../repositories/users.ts';
import { sha256Hex } from '../../hash-secret.ts';
import { credentials, keys, models, sessions } from '../../schema/index.ts';
import { rawApiKey, uniqueId, type BackendRef } from './backend.ts';

export function entityCases(backend: BackendRef): void {
  describe('keys', () => {
    it('stores only the SHA-256 of a key and finds it by hash and by alias', async () => {
      const { db } = backend();
      const raw = rawApiKey();
      const alias = uniqueId('alias');
      const key = await insertKey(db, { rawKey: raw, alias, models: ['gpt-4o'], maxBudget: '10.5', metadata: { purpose: 'test' } });
      expect(key.hash).toBe(hashApiKey(raw));
      expect(key.keyName).toBe(`sk-...${raw.slice(-4)}`);
      expect(key).toMatchObject({ alias, models: ['gpt-4o'], maxBudget: '10.5000000000', spend: '0.0000000000', blocked: false });
      const [stored] = await db.select({ row: sql<string>`row_to_json(keys)::text` }).from(keys).where(eq(keys.hash, key.hash));
      expect(stored?.row).not.toContain(raw.slice(3));
      expect((await findKeyByHash(db, key.hash))?.alias).toBe(alias);
      expect((await findKeyByAlias(db, alias))?.hash).toBe(key.hash);
      expect(await findKeyByHash(db, hashApiKey(rawApiKey()))).toBeUndefined();
    });

    it('refuses, in the database itself, a key column holding anything but a SHA-256', async () => {
      const { db } = backend();
      await expect(db.insert(keys).values({ hash: rawApiKey(), keyName: 'sk-...raw' }).execute()).rejects.toThrow();
    });

    it('refuses a second key with the same alias', async () => {
      const { db } = backend();
      const alias = uniqueId('dup');
      await insertKey(db, { rawKey: rawApiKey(), alias });
      const err = await insertKey(db, { rawKey: rawApiKey(), alias }).catch((caught: unknown) => caught);
      expect(uniqueViolation(err)).toBe('keys_alias_key');
    });

    it('updates only the fields given', async () => {
      const { db } = backend();
      const key = await insertKey(db, { rawKey: rawApiKey(), alias: uniqueId('upd'), models: ['a'], metadata: { keep: true } });
      const updated = await updateKey(db, key.hash, { blocked: true, rpmLimit: 60 });
      expect(updated).toMatchObject({ blocked: true, rpmLimit: 60, alias: key.alias, models: ['a'], metadata: { keep: true } });
      expect(updated?.updatedAt.getTime()).toBeGreaterThanOrEqual(key.updatedAt.getTime());
      expect(await updateKey(db, hashApiKey('sk-missing'), { blocked: true })).toBeUndefined();
    });

    it('lists with filters and pages', async () => {
      const { db } = backend();
      const user = await insertUser(db, { email: `${uniqueId('pager')}@example.test` });
      for (let i = 0; i < 3; i++) await insertKey(db, { rawKey: rawApiKey(), userId: user.id });
      const first = await listKeys(db, { userId: user.id, pageSize: 2 });
      const second = await listKeys(db, { userId: user.id, pageSize: 2, page: 2 });
      expect(first.total).toBe(3);
      expect(first.items).toHaveLength(2);
      expect(second.items).toHaveLength(1);
      expect(new Set([...first.items, ...second.items].map((key) => key.hash)).size).toBe(3);
    });

    it('archives a deleted key instead of losing it, and records each change in the outbox', async () => {
      const { db } = backend();
      const since = await latestOutboxId(db);
      const key = await insertKey(db, { rawKey: rawApiKey(), alias: uniqueId('gone'), spend: '1.25' });
      await updateKey(db, key.hash, { blocked: true });
      const deleted = await archiveAndDeleteKey(db, key.hash, { deletedBy: 'admin' });
      expect(deleted?.hash).toBe(key.hash);
      expect(await findKeyByHash(db, key.hash)).toBeUndefined();
      const [archived] = await findDeletedKeys(db, key.hash);
      expect(archived).toMatchObject({ alias: key.alias, spend: '1.2500000000', deletedBy: 'admin' });
      expect(archived?.snapshot).toMatchObject({ hash: key.hash, blocked: true });
      expect(await archiveAndDeleteKey(db, key.hash)).toBeUndefined();
      const events = (await readOutboxAfter(db, since)).filter((event) => event.entityId === key.hash);
      expect(events.map((event) => [event.entityType, event.action])).toEqual([
        ['key', 'insert'],
        ['key', 'update'],
        ['key', 'delete'],
      ]);
    });
  });

  describe('users, teams, organizations, budgets, customers', () => {
    it('inserts, finds, updates, lists and deletes users', async () => {
      const { db } = backend();
      const email = `${uniqueId('user')}@example.test`;
      const user = await insertUser(db, { email, alias: 'Ada', role: 'proxy_admin_viewer', maxBudget: '5' });
      expect(await findUserById(db, user.id)).toMatchObject({ email, role: 'proxy_admin_viewer' });
      expect((await findUserByEmail(db, email))?.id).toBe(user.id);
      expect(await updateUser(db, user.id, { role: 'internal_user' })).toMatchObject({ role: 'internal_user', alias: 'Ada', maxBudget: '5.0000000000' });
      expect((await listUsers(db, { email })).items.map((row) => row.id)).toEqual([user.id]);
      const err = await insertUser(db, { email }).catch((caught: unknown) => caught);
      expect(uniqueViolation(err)).toBe('users_email_key');
      expect((await deleteUser(db, user.id))?.id).toBe(user.id);
      expect(await findUserById(db, user.id)).toBeUndefined();
    });

    it('refuses a role outside the four of the reference', async () => {
      const { db } = backend();
      // Cast on purpose: the column's type already excludes it, and the check constraint must too.
      await expect(insertUser(db, { role: 'superuser' as 'proxy_admin' })).rejects.toThrow();
    });

    it('keeps teams inside organizations, and refuses to delete a team that still has keys', async () => {
      const { db } = backend();
      const org = await insertOrganization(db, { alias: uniqueId('org'), models: ['gpt-4o'] });
      const team = await insertTeam(db, { alias: uniqueId('team'), organizationId: org.id, tpmLimit: 1000 });
      expect((await listTeams(db, { organizationId: org.id })).items.map((row) => row.id)).toEqual([team.id]);
      expect((await listTeams(db, { alias: team.alias ?? '' })).total).toBe(1);
      expect((await listOrganizations(db, { alias: org.alias })).items.map((row) => row.id)).toEqual([org.id]);
      expect(await updateTeam(db, team.id, { blocked: true })).toMatchObject({ blocked: true, tpmLimit: 1000, organizationId: org.id });
      expect(await updateOrganization(db, org.id, { models: ['claude'] })).toMatchObject({ models: ['claude'], alias: org.alias });
      const key = await insertKey(db, { rawKey: rawApiKey(), teamId: team.id });
      expect(foreignKeyViolation(await deleteTeam(db, team.id).catch((caught: unknown) => caught))).toBeTruthy();
      expect(foreignKeyViolation(await deleteOrganization(db, org.id).catch((caught: unknown) => caught))).toBeTruthy();
      await archiveAndDeleteKey(db, key.hash);
      expect((await deleteTeam(db, team.id))?.id).toBe(team.id);
      expect((await deleteOrganization(db, org.id))?.id).toBe(org.id);
      expect(await findTeamById(db, team.id)).toBeUndefined();
      expect(await findOrganizationById(db, org.id)).toBeUndefined();
    });

    it('manages budgets and customers, and detaches a deleted budget from its users', async () => {
      const { db } = backend();
      const budget = await insertBudget(db, { maxBudget: '100', budgetDuration: '30d', rpmLimit: 10 });
      const customer = await insertCustomer(db, { id: uniqueId('end-user'), alias: 'Shop', budgetId: budget.id });
      expect(await findBudgetById(db, budget.id)).toMatchObject({ maxBudget: '100.0000000000', budgetDuration: '30d' });
      expect(await updateBudget(db, budget.id, { softBudget: '80' })).toMatchObject({ softBudget: '80.0000000000', rpmLimit: 10 });
      expect((await listBudgets(db, { pageSize: 500 })).items.some((row) => row.id === budget.id)).toBe(true);
      expect(await updateCustomer(db, customer.id, { blocked: true })).toMatchObject({ blocked: true, alias: 'Shop' });
      expect((await listCustomers(db, { alias: 'Shop' })).items.some((row) => row.id === customer.id)).toBe(true);
      await deleteBudget(db, budget.id);
      expect((await findCustomerById(db, customer.id))?.budgetId).toBeNull();
      expect((await deleteCustomer(db, customer.id))?.id).toBe(customer.id);
    });

    it('adds, re-roles and removes team and organization members', async () => {
      const { db } = backend();
      const user = await insertUser(db, { email: `${uniqueId('member')}@example.test` });
      const team = await insertTeam(db, { alias: uniqueId('team') });
      const org = await insertOrganization(db, { alias: uniqueId('org') });
      await addTeamMember(db, { teamId: team.id, userId: user.id, role: 'admin' });
      await addTeamMember(db, { teamId: team.id, userId: user.id, role: 'user' });
      expect((await listTeamMembers(db, team.id)).map((m) => [m.userId, m.role])).toEqual([[user.id, 'user']]);
      expect((await listTeamsOfUser(db, user.id)).map((m) => m.teamId)).toEqual([team.id]);
      await addOrganizationMember(db, { organizationId: org.id, userId: user.id, role: 'org_admin' });
      expect((await listOrganizationMembers(db, org.id)).map((m) => m.role)).toEqual(['org_admin']);
      expect(await removeTeamMember(db, team.id, user.id)).toBe(true);
      expect(await removeTeamMember(db, team.id, user.id)).toBe(false);
      await deleteUser(db, user.id);
      expect(await listOrganizationMembers(db, org.id)).toEqual([]);
      expect(await removeOrganizationMember(db, org.id, user.id)).toBe(false);
    });
  });

  describe('models', () => {
    const cipher = createCredentialCipher('test-salt-key-0123456789abcdef');
    const params = { model: 'openai/gpt-4o', api_base: 'https://api.openai.example', api_key: 'sk-upstream-secret-1', aws_secret_access_key: 'aws-secret-2', rpm: 600 };

    it('encrypts credentials at rest and decrypts them on read', async () => {
      const { db } = backend();
      const model = await insertModel(db, cipher, { modelName: uniqueId('gpt-4o'), params, modelInfo: { input_cost_per_token: 0.0000025 } });
      expect(model.params).toEqual(params);
      expect(model.hasCredentials).toBe(true);
      const [stored] = await db.select({ row: sql<string>`row_to_json(models)::text` }).from(models).where(eq(models.id, model.id));
      expect(stored?.row).not.toContain('sk-upstream-secret-1');
      expect(stored?.row).not.toContain('aws-secret-2');
      expect(stored?.row).toContain('https://api.openai.example');
      expect((await findModelById(db, cipher, model.id))?.params).toEqual(params);
      expect((await listModels(db, cipher, { modelName: model.modelName })).items.map((row) => row.id)).toEqual([model.id]);
      await expect(findModelById(db, createCredentialCipher('another-salt-key'), model.id)).rejects.toBeInstanceOf(CredentialDecryptionError);
      const updated = await updateModel(db, cipher, model.id, { params: { ...params, api_key: 'sk-rotated-3' } });
      expect(updated?.params.api_key).toBe('sk-rotated-3');
      expect(await deleteModel(db, model.id)).toBe(true);
      expect(await findModelById(db, cipher, model.id)).toBeUndefined();
    });

    it('refuses to store credentials without SWITCHBOARD_SALT_KEY, but keeps env references readable', async () => {
      const { db } = backend();
      const noKey = createCredentialCipher(undefined);
      const modelName = uniqueId('no-salt');
      await expect(insertModel(db, noKey, { modelName, params })).rejects.toBeInstanceOf(MissingSaltKeyError);
      expect((await listModels(db, noKey, { modelName })).total).toBe(0);
      const byReference = await insertModel(db, noKey, { modelName, params: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY' } });
      expect(byReference).toMatchObject({ hasCredentials: false, params: { api_key: 'os.environ/OPENAI_API_KEY' } });
    });
  });

  describe('credentials', () => {
    const cipher = createCredentialCipher('test-salt-key-0123456789abcdef');
    const values = { api_key: 'sk-credential-secret-1', api_base: 'https://eu.example.test/' };

    it('seals every value, binds the name, publishes each change as a model change and refuses a second of one name', async () => {
      const { db } = backend();
      const name = uniqueId('azure-eu');
      const since = await latestOutboxId(db);
      const created = await insertCredential(db, cipher, { name, values, info: { custom_llm_provider: 'azure' }, createdBy: 'admin-1' });
      expect(created).toMatchObject({ credentialName: name, credentialValues: values, credentialInfo: { custom_llm_provider: 'azure' }, createdBy: 'admin-1' });
      expect(await insertCredential(db, cipher, { name, values: { api_key: 'other' } })).toBeUndefined();
      const [stored] = await db.select({ row: sql<string>`row_to_json(credentials)::text` }).from(credentials).where(eq(credentials.credentialName, name));
      expect(stored?.row).not.toContain('sk-credential-secret-1');
      expect(stored?.row).not.toContain('eu.example.test');
      expect((await listCredentials(db, cipher)).some((row) => row.credentialName === name)).toBe(true);
      const rotated = await updateCredential(db, cipher, name, { values: { ...values, api_key: 'sk-rotated-2' }, updatedBy: 'admin-2' });
      expect(rotated).toMatchObject({ credentialValues: { api_key: 'sk-rotated-2' }, credentialInfo: { custom_llm_provider: 'azure' }, updatedBy: 'admin-2' });
      await expect(findCredentialByName(db, createCredentialCipher('another-salt-key'), name)).rejects.toBeInstanceOf(CredentialDecryptionError);
      expect(await deleteCredential(db, name)).toBe(true);
      expect(await deleteCredential(db, name)).toBe(false);
      expect(await findCredentialByName(db, cipher, name)).toBeUndefined();
      const events = (await readOutboxAfter(db, since, 100)).filter((event) => event.entityId === `credential:${name}`);
      expect(events.map((event) => [event.entityType, event.action])).toEqual([['model', 'insert'], ['model', 'update'], ['model', 'delete']]);
    });

    it('refuses to store a credential without SWITCHBOARD_SALT_KEY', async () => {
      const { db } = backend();
      const name = uniqueId('no-salt');
      await expect(insertCredential(db, createCredentialCipher(undefined), { name, values })).rejects.toBeInstanceOf(MissingSaltKeyError);
      expect(await findCredentialByName(db, cipher, name)).toBeUndefined();
    });
  });

  describe('tags', () => {
    it('stores a tag once, lists the limited ones with their budget row, totals their spend from the logs, and publishes each change', async () => {
      const { db } = backend();
      const name = uniqueId('prod');
      const since = await latestOutboxId(db);
      const budget = await insertBudget(db, { maxBudget: '5', rpmLimit: 10, budgetDuration: '1d', budgetResetAt: new Date('2030-01-02T00:00:00Z') });
      expect(await insertTag(db, { name, description: 'production', models: ['gpt-4o'], budgetId: budget.id, createdBy: 'admin' })).toMatchObject({ name, models: ['gpt-4o'], budgetId: budget.id });
      expect(await insertTag(db, { name })).toBeUndefined();
      const plain = uniqueId('plain');
      await insertTag(db, { name: plain });
      expect((await findTagsByNames(db, [name, plain, 'missing'])).map((tag) => tag.name).sort()).toEqual([name, plain].sort());
      expect((await listTags(db)).some((tag) => tag.name === plain)).toBe(true);
      const limits = (await listTagLimits(db)).filter((row) => row.name === name || row.name === plain);
      expect(limits).toEqual([{ name, maxBudget: expect.stringMatching(/^5(\.0+)?$/), softBudget: null, budgetDuration: '1d', budgetResetAt: new Date('2030-01-02T00:00:00Z'), rpmLimit: 10, tpmLimit: null, maxParallelRequests: null }]);
      const at = new Date('2030-01-01T10:00:00Z');
      const row = (start: Date, metadata: Record<string, unknown>) => ({ requestId: randomUUID(), startTime: start, endTime: start, model: 'gpt-4o', spend: '0.25', status: 'success' as const, metadata });
      await insertSpendBatch(db, [row(at, { request_tags: [name, 'other'] }), row(new Date('2029-12-31T10:00:00Z'), { request_tags: [name] })]);
      expect(Number(await tagSpendSince(db, name))).toBe(0.5);
      expect(Number(await tagSpendSince(db, name, new Date('2030-01-01T00:00:00Z')))).toBe(0.25);
      expect(Number(await tagSpendSince(db, plain))).toBe(0);
      expect(await updateTag(db, name, { description: null, models: [] })).toMatchObject({ description: null, models: [] });
      expect(await deleteTag(db, name)).toMatchObject({ name });
      expect(await deleteTag(db, name)).toBeUndefined();
      const events = (await readOutboxAfter(db, since, 100)).filter((event) => event.entityType === 'tag' && event.entityId === name);
      expect(events.map((event) => event.action)).toEqual(['insert', 'update', 'delete']);
    });
  });

  describe('sessions', () => {
    it('creates, finds, expires and deletes sessions, storing only the token hash', async () => {
      const { db } = backend();
      const user = await insertUser(db, { email: `${uniqueId('session')}@example.test` });
      const now = new Date('2030-01-01T00:00:00Z');
      const { token, session } = await createSession(db, { userId: user.id, ttlMs: 60_000, now });
      expect(session.tokenHash).toBe(sha256Hex(token));
      expect((await db.select().from(sessions).where(eq(sessions.tokenHash, token))).length).toBe(0);
      expect((await findSession(db, token, new Date(now.getTime() + 1_000)))?.userId).toBe(user.id);
      expect(await findSession(db, token, new Date(now.getTime() + 61_000))).toBeUndefined();
      expect(await findSession(db, 'not-a-token', now)).toBeUndefined();
      const second = await createSession(db, { userId: user.id, ttlMs: 60_000, now });
      expect(await deleteSession(db, second.token)).toBe(true);
      expect(await deleteSession(db, second.token)).toBe(false);
      expect(await deleteExpiredSessions(db, new Date(now.getTime() + 120_000))).toBeGreaterThanOrEqual(1);
      expect(await findSession(db, token, now)).toBeUndefined();
      await createSession(db, { userId: user.id, ttlMs: 60_000 });
      expect(await deleteSessionsOfUser(db, user.id)).toBe(1);
    });
  });
}
