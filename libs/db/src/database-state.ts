import type { Pool, PoolClient, QueryConfig } from 'pg';
import { sqlStateOf } from './errors.ts';

/** The shape service-kit's HealthState expects from a dependency check. */
export interface DatabaseState {
  ok: boolean;
  /** Short and secret-free: it is shown on the readiness endpoint. */
  detail: string;
}

class ProbeTimeout extends Error {}

const SQLSTATE_DETAILS: Record<string, string> = {
  '57P01': 'connection terminated by the server',
  '57P03': 'server is starting up or shutting down',
  '3D000': 'database does not exist',
  '28P01': 'authentication failed',
  '28000': 'authentication failed',
  '53300': 'too many connections',
};

function describeFailure(err: unknown, timeoutMs: number): string {
  if (err instanceof ProbeTimeout) return `no answer within ${timeoutMs} ms`;
  const state = sqlStateOf(err);
  if (state && SQLSTATE_DETAILS[state]) return `${SQLSTATE_DETAILS[state]} (${state})`;
  const code = typeof err === 'object' && err && 'code' in err && typeof err.code === 'string' ? err.code : undefined;
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  const message = err instanceof Error ? err.message : String(err);
  return `unavailable: ${message}`.slice(0, 200);
}

function beforeDeadline<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ProbeTimeout()), timeoutMs);
  });
  return Promise.race([promise, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A real round trip (`select 1`) within `timeoutMs`, so readiness tells the truth after a restart or a
 * `pg_terminate_backend`. A connection that failed or timed out is destroyed rather than reused.
 */
export async function probePool(pool: Pool, timeoutMs: number): Promise<DatabaseState> {
  const connecting = pool.connect();
  let client: PoolClient | undefined;
  try {
    client = await beforeDeadline(connecting, timeoutMs);
  } catch (err) {
    // A connection that arrives after the deadline goes straight back to the pool.
    connecting.then((late) => late.release(), () => undefined);
    return { ok: false, detail: describeFailure(err, timeoutMs) };
  }
  try {
    // node-postgres honours query_timeout per query as well as per client; @types/pg only knows the latter.
    const probe: QueryConfig & { query_timeout: number } = { text: 'select 1', query_timeout: timeoutMs };
    await client.query(probe);
    client.release();
    return { ok: true, detail: 'connected' };
  } catch (err) {
    client.release(true);
    return { ok: false, detail: describeFailure(err, timeoutMs) };
  }
}
