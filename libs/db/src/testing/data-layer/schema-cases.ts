import { is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../schema/index.ts';
import type { BackendRef } from './backend.ts';

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
  });
}
