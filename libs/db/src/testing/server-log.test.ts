import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { describe, expect, it } from 'vitest';
import { openServerLog } from './server-log.ts';
import { requirePostgres } from './require-postgres.ts';

const postgres = await requirePostgres();

// The SQL-injection case trusts this reader to see a value written into a statement; so show that it does.
describe.skipIf(!postgres.available)('the server log reader', () => {
  it('sees a literal inlined into a statement as statement text, and a bound value as a parameter', async () => {
    const admin = new Client({ connectionString: postgres.adminUrl });
    await admin.connect();
    try {
      const log = await openServerLog(admin);
      const bound = `bound${randomBytes(4).toString('hex')}`;
      await admin.query("set log_statement = 'all'");
      await admin.query("select 'inlined-literal-seen-by-the-log-reader' as probe");
      await admin.query('select $1::text as probe', [bound]);
      await admin.query('reset log_statement');
      const entries = await log.entriesSince();
      expect(entries.some((entry) => entry.severity === 'LOG' && entry.text.includes("'inlined-literal-seen-by-the-log-reader'"))).toBe(true);
      expect(entries.some((entry) => entry.severity === 'DETAIL' && entry.text.includes(`'${bound}'`))).toBe(true);
      expect(entries.some((entry) => entry.severity === 'LOG' && entry.text.includes(bound))).toBe(false);
    } finally {
      await admin.end();
    }
  });
});
