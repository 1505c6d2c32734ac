import { randomBytes } from 'node:crypto';
import { is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { createCredentialCipher } from '../../credentials/credential-cipher.ts';
import type { Database } from '../../database.ts';
import { hashApiKey } from '../../hash-secret.ts';
import { findBudgetById } from '../../repositories/budgets.ts';
import { findCustomerById } from '../../repositories/customers.ts';
import { readDailySpend } from '../../repositories/daily-spend.ts';
import { archiveAndDeleteKey, findKeyByAlias, findKeyByHash, insertKey, listKeys, updateKey } from '../../repositories/keys.ts';
import { findModelById } from '../../repositories/models.ts';
import { deleteOrganization, findOrganizationById, insertOrganization, listOrganizations } from '../../repositories/organizations.ts';
import { deleteSession, findSession } from '../../repositories/sessions.ts';
import { listSpendLogs } from '../../repositories/spend-logs.ts';
import { deleteTeam, findTeamById, insertTeam, listTeams, updateTeam } from '../../repositories/teams.ts';
import { deleteUser, findUserByEmail, findUserById, insertUser, listUsers, updateUser } from '../../repositories/users.ts';
import * as schema from '../../schema/index.ts';
import { rawApiKey, uniqueId, type BackendRef } from './backend.ts';

const PROBES = ["'", '\\', '%', ';--', "' OR 1=1 --"];
const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));

async function rowCounts(db: Database): Promise<number[]> {
  const counts: number[] = [];
  for (const table of tables) counts.push(await db.$count(table));
  return counts;
}

/** Every lookup by id, alias, email and key, and the writes keyed by them, with `probe` as the value. */
async function probeEverything(db: Database, probe: string): Promise<void> {
  const cipher = createCredentialCipher('injection-test-salt');
  expect(await findKeyByHash(db, probe)).toBeUndefined();
  expect(await findKeyByHash(db, hashApiKey(probe))).toBeUndefined();
  expect(await findKeyByAlias(db, probe)).toBeUndefined();
  expect((await listKeys(db, { alias: probe, userId: probe })).total).toBe(0);
  expect(await findUserById(db, probe)).toBeUndefined();
  expect(await findUserByEmail(db, probe)).toBeUndefined();
  expect((await listUsers(db, { email: probe, alias: probe })).total).toBe(0);
  expect(await findTeamById(db, probe)).toBeUndefined();
  expect((await listTeams(db, { alias: probe })).total).toBe(0);
  expect(await findOrganizationById(db, probe)).toBeUndefined();
  expect((await listOrganizations(db, { alias: probe })).total).toBe(0);
  expect(await findBudgetById(db, probe)).toBeUndefined();
  expect(await findCustomerById(db, probe)).toBeUndefined();
  expect(await findModelById(db, cipher, probe)).toBeUndefined();
  expect(await findSession(db, probe)).toBeUndefined();
  expect((await listSpendLogs(db, { keyHash: probe, userId: probe, teamId: probe })).items).toEqual([]);
  expect(await readDailySpend(db, { entityType: 'key', entityIds: [probe], from: '2000-01-01', to: '2100-01-01' })).toEqual([]);
  expect(await updateKey(db, probe, { blocked: true })).toBeUndefined();
  expect(await updateUser(db, probe, { alias: 'changed' })).toBeUndefined();
  expect(await updateTeam(db, probe, { blocked: true })).toBeUndefined();
  expect(await archiveAndDeleteKey(db, probe)).toBeUndefined();
  expect(await deleteUser(db, probe)).toBeUndefined();
  expect(await deleteTeam(db, probe)).toBeUndefined();
  expect(await deleteOrganization(db, probe)).toBeUndefined();
  expect(await deleteSession(db, probe)).toBe(false);
}

export function injectionCases(backend: BackendRef): void {
  describe('SQL injection', () => {
    it("sends ', \\, %, ;-- and ' OR 1=1 -- through every lookup as bound values that match nothing and change nothing", async () => {
      const { db, statementLogging } = backend();
      const logging = statementLogging ? await statementLogging() : undefined;
      try {
        const user = await insertUser(db, { email: `${uniqueId('canary')}@example.test`, alias: 'canary' });
        const team = await insertTeam(db, { alias: 'canary' });
        const org = await insertOrganization(db, { alias: 'canary' });
        const key = await insertKey(db, { rawKey: rawApiKey(), alias: uniqueId('canary'), userId: user.id, teamId: team.id, organizationId: org.id });
        const state = async () => ({
          counts: await rowCounts(db),
          key: await findKeyByHash(db, key.hash),
          user: await findUserById(db, user.id),
          team: await findTeamById(db, team.id),
          org: await findOrganizationById(db, org.id),
        });
        const before = await state();

        // The marker makes each probe findable in the server log, wherever it would end up.
        const marker = `sbprobe${randomBytes(4).toString('hex')}`;
        const marked = PROBES.map((probe) => `${marker}${probe}`);
        for (const probe of [...PROBES, ...marked]) await probeEverything(logging?.db ?? db, probe);

        expect(await state()).toEqual(before);

        if (logging) {
          const entries = await logging.log.entriesSince();
          const statements = entries.filter((entry) => entry.severity !== 'DETAIL');
          const parameters = entries.filter((entry) => entry.severity === 'DETAIL' && entry.text.startsWith('parameters:'));
          expect(statements.some((entry) => entry.text.includes('from "keys"')), `no statements of ours in ${logging.log.path}`).toBe(true);
          expect(statements.filter((entry) => entry.text.includes(marker) || entry.text.includes('OR 1=1'))).toEqual([]);
          for (const probe of marked) {
            const quoted = `'${probe.replaceAll("'", "''")}'`;
            expect(parameters.some((entry) => entry.text.includes(quoted)), `${probe} never arrived as a bind parameter`).toBe(true);
          }
        }
      } finally {
        await logging?.close();
      }
    });
  });
}
