import { Client } from 'pg';

export interface PostgresAvailability {
  available: boolean;
  /** Superuser URL of the maintenance database (`TEST_POSTGRES_URL`, default the local trust-auth server). */
  adminUrl: string;
}

const DEFAULT_ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
let cached: Promise<PostgresAvailability> | undefined;

/**
 * Whether the local PostgreSQL answers. Tests use it as `describe.skipIf(!pg.available)`: outside CI a
 * missing server skips them with a visible warning; under `CI=true` it throws, so the run fails instead
 * of passing with the integration tests silently skipped.
 */
export function requirePostgres(env: NodeJS.ProcessEnv = process.env): Promise<PostgresAvailability> {
  cached ??= (async () => {
    const adminUrl = env.TEST_POSTGRES_URL ?? DEFAULT_ADMIN_URL;
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return { available: true, adminUrl };
    } catch (err) {
      const why = `PostgreSQL at ${new URL(adminUrl).host} is unreachable (${err instanceof Error ? err.message : String(err)})`;
      if (env.CI === 'true') throw new Error(`${why}; under CI=true the tests that need it fail instead of skipping`);
      console.warn(`SKIPPING PostgreSQL tests: ${why}. Start it with \`pg_ctlcluster 15 main start\`.`);
      return { available: false, adminUrl };
    } finally {
      await client.end().catch(() => undefined);
    }
  })();
  return cached;
}
