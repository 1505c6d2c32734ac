import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { envFlag } from './env-flag.ts';

type Env = Readonly<Record<string, string | undefined>>;

/** Far above any core count a gateway pod gets; a typo like 400 fails instead of forking 400 processes. */
export const MAX_WORKERS = 64;

const workersSchema = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    if (raw === 'auto') return 'auto' as const;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_WORKERS) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, message: `GATEWAY_WORKERS must be "auto" (one per core) or a whole number from 1 to ${MAX_WORKERS}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return Number(raw);
  });

export interface WorkerSettings {
  /** Gateway processes sharing the port; 1 runs the gateway in this process, with no supervisor. */
  workers: number;
  /** GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS: more than one worker without Redis, each counting limits on its own. */
  allowLocalLimits: boolean;
}

function parse<T>(schema: z.ZodType<T, z.ZodTypeDef, string>, raw: string): T {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? 'invalid setting');
  return parsed.data;
}

/** GATEWAY_WORKERS (default 1, `auto` = one per core) and its escape hatch; a bad value stops the start. */
export function readWorkerSettings(env: Env, cores = availableParallelism()): WorkerSettings {
  const rawWorkers = env.GATEWAY_WORKERS;
  const workers = rawWorkers === undefined || rawWorkers === '' ? 1 : parse(workersSchema, rawWorkers);
  const allowLocalLimits = envFlag(env, 'GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS', false);
  return { workers: workers === 'auto' ? Math.min(MAX_WORKERS, Math.max(1, cores)) : workers, allowLocalLimits };
}

/**
 * Without Redis every process keeps its own rate-limit, parallel-request and reservation counters, so N
 * workers would admit N times every limit: the same reason the Helm chart refuses several replicas
 * without Redis. Refused unless the operator said per-worker limits are what they want.
 */
export function refuseLocalLimits(settings: WorkerSettings, hasRedis: boolean): void {
  if (settings.workers <= 1 || hasRedis || settings.allowLocalLimits) return;
  throw new Error(
    `GATEWAY_WORKERS=${settings.workers} without Redis: each worker process would count rate limits, parallel requests and budget reservations on its own, so every limit would admit ${settings.workers} times its value. ` +
      'Set REDIS_URL (or REDIS_HOST, or router_settings.redis_url in the config), or set GATEWAY_WORKERS_ALLOW_LOCAL_LIMITS=true to accept per-worker limits.',
  );
}

/** SPEND_JOURNAL_DIR, or where the gateway journals spend without it; a worker's is its own worker-N folder. */
export function spendJournalBase(env: Env): string {
  return env.SPEND_JOURNAL_DIR ?? join(tmpdir(), `switchboard-spend-${env.PORT ?? '4000'}`);
}

/** Worker N's own journal folder: the journal takes a folder lock, so workers never share one. */
export function workerJournalDir(base: string, workerId: number): string {
  return join(base, `worker-${workerId}`);
}
