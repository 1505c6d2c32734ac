import { Agent } from 'undici';

/**
 * One connection pool for every upstream call. LLM calls are long and concurrent (a stream holds its
 * HTTP/1.1 connection for its whole life), so the per-origin cap is high; idle connections are kept
 * warm because a fresh TLS handshake to a provider costs more than most gateway overhead budgets.
 * The per-request deadlines in `sendUpstream` are the real limits; the agent's timeouts are only a
 * backstop for a request that somehow carries none.
 */
const AGENT_OPTIONS = {
  connections: 512,
  keepAliveTimeout: 30_000,
  keepAliveMaxTimeout: 600_000,
  headersTimeout: 600_000,
  bodyTimeout: 600_000,
  connect: { timeout: 10_000 },
  // Redirects are answered, never followed: a 3xx from a provider is an error (see send-upstream.ts).
  maxRedirections: 0,
} as const satisfies Agent.Options;

let sharedAgent: Agent | undefined;

/** The process-wide pool, created on first use so importing the library opens nothing. */
export function upstreamAgent(): Agent {
  sharedAgent ??= new Agent(AGENT_OPTIONS);
  return sharedAgent;
}

/** Closes pooled connections (graceful shutdown, end of a test run); the next call opens a new pool. */
export async function closeUpstreamAgent(): Promise<void> {
  const agent = sharedAgent;
  sharedAgent = undefined;
  await agent?.close();
}
