import { randomUUID } from 'node:crypto';
import { eq, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { insertSpendBatch } from '../../repositories/spend.ts';
import * as schema from '../../schema/index.ts';
import { at, uniqueId, type BackendRef } from './backend.ts';

const tables = Object.values(schema as Record<string, unknown>).filter((value): value is PgTable => is(value, PgTable));

export function schemaCases(backend: BackendRef): void {
  describe('schema', () => {
    it('has every table the code defines', async () => {
      const { db } = backend();
      for (const table of tables) {
        const { name } = getTableConfig(table);
        const [row] = await db.select({ found: sql<string | null>`to_regclass(${name})::text` }).from(sql`(select 1) as one`);
        expect(row?.found, name).toBe(name);
      }
      expect(tables.length).toBeGreaterThanOrEqual(14);
    });

    it('defines spend_logs in TypeScript exactly as the hand-written migration creates it', async () => {
      const { db } = backend();
      const columns = await db
        .select({ name: sql<string>`attname::text`, type: sql<string>`format_type(atttypid, atttypmod)`, notNull: sql<boolean>`attnotnull` })
        .from(sql`pg_attribute`)
        .where(sql`attrelid = 'spend_logs'::regclass and attnum > 0 and not attisdropped`)
        .orderBy(sql`attnum`);
      const expected = getTableConfig(schema.spendLogs).columns.map((column) => ({
        name: column.name,
        type: column.getSQLType().replace(/, /g, ','),
        notNull: column.notNull,
      }));
      expect(columns).toEqual(expected);
    });

    it("defines spend_logs's indexes as the migrations create them, the partial ones partial", async () => {
      const { db } = backend();
      const indexes = await db
        .select({ name: sql<string>`c.relname::text`, partial: sql<boolean>`i.indpred is not null` })
        .from(sql`pg_index i join pg_class c on c.oid = i.indexrelid`)
        .where(sql`i.indrelid = 'spend_logs'::regclass and not i.indisprimary`)
        .orderBy(sql`c.relname`);
      const expected = getTableConfig(schema.spendLogs)
        .indexes.map((index) => ({ name: index.config.name as string, partial: index.config.where !== undefined }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(indexes).toEqual(expected);
      expect(expected.filter((index) => index.partial).map((index) => index.name)).toEqual(['spend_logs_parent_request_id_idx', 'spend_logs_team_id_idx']);
    });

    // Rows with a team or a parent are what the partial indexes hold; rows with neither must still be stored.
    it("finds a team's and a parent's spend rows, and keeps rows with neither", async () => {
      const { db } = backend();
      const team = uniqueId('team');
      const parent = randomUUID();
      const startTime = at('05:06:07');
      const rows = [
        { requestId: randomUUID(), teamId: team, parentRequestId: parent },
        { requestId: randomUUID(), teamId: null, parentRequestId: null },
      ];
      await insertSpendBatch(db, rows.map((row) => ({ ...row, startTime, endTime: startTime, model: 'partial-index-test', spend: '0.001', status: 'success' as const })));
      const byTeam = await db.select({ id: schema.spendLogs.requestId }).from(schema.spendLogs).where(eq(schema.spendLogs.teamId, team));
      const byParent = await db.select({ id: schema.spendLogs.requestId }).from(schema.spendLogs).where(eq(schema.spendLogs.parentRequestId, parent));
      const neither = await db.select({ id: schema.spendLogs.requestId }).from(schema.spendLogs).where(eq(schema.spendLogs.requestId, rows[1]!.requestId));
      expect(byTeam).toEqual([{ id: rows[0]!.requestId }]);
      expect(byParent).toEqual([{ id: rows[0]!.requestId }]);
      expect(neither).toEqual([{ id: rows[1]!.requestId }]);
    });
  });
}
