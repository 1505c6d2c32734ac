import { intFromEnv } from './env.ts';

export interface ServiceSettings {
  port: number;
  host: string;
  drainMs: number;
  graceMs: number;
  /** How long a client may take to send a request's headers (SWITCHBOARD_HEADERS_TIMEOUT_MS). */
  headersTimeoutMs: number;
  /** How long a client may take to send a whole request, headers and body (SWITCHBOARD_REQUEST_TIMEOUT_MS). */
  requestTimeoutMs: number;
}

/** Node's own default for a whole request; large audio uploads over slow links still fit. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 300_000;
/** Slow-header clients (slowloris) hold a connection at most this long. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 60_000;

/**
 * Settings every service reads the same way. The drain delay defaults to 5 s (a balancer's usual probe
 * period); Helm matches it with a preStop sleep and sets terminationGracePeriodSeconds above drain + grace.
 * The request timeouts bound receiving a request only (see run-service.ts): responses, streams included,
 * may last as long as the upstream call does.
 */
export function readServiceSettings(env: Readonly<Record<string, string | undefined>>, defaultPort: number): ServiceSettings {
  return {
    port: intFromEnv(env, 'PORT', defaultPort, { min: 0, max: 65_535 }),
    host: env.HOST && env.HOST !== '' ? env.HOST : '0.0.0.0',
    drainMs: intFromEnv(env, 'SHUTDOWN_DRAIN_MS', 5_000, { max: 600_000 }),
    graceMs: intFromEnv(env, 'SHUTDOWN_GRACE_MS', 30_000, { max: 3_600_000 }),
    ...readRequestTimeouts(env),
  };
}

function readRequestTimeouts(env: Readonly<Record<string, string | undefined>>): Pick<ServiceSettings, 'headersTimeoutMs' | 'requestTimeoutMs'> {
  const headersTimeoutMs = intFromEnv(env, 'SWITCHBOARD_HEADERS_TIMEOUT_MS', DEFAULT_HEADERS_TIMEOUT_MS, { min: 1_000, max: 3_600_000 });
  const requestTimeoutMs = intFromEnv(env, 'SWITCHBOARD_REQUEST_TIMEOUT_MS', Math.max(DEFAULT_REQUEST_TIMEOUT_MS, headersTimeoutMs), { min: 1_000, max: 3_600_000 });
  // Node refuses the pair otherwise: the headers are part of the request.
  if (requestTimeoutMs < headersTimeoutMs) throw new Error(`SWITCHBOARD_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must be at least SWITCHBOARD_HEADERS_TIMEOUT_MS (${headersTimeoutMs})`);
  return { headersTimeoutMs, requestTimeoutMs };
}
