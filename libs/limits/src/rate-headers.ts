import type { LimitHeaders } from './types.ts';

export interface ScopeUsage {
  rpm?: number;
  tpm?: number;
  requestsUsed: number;
  tokensUsed: number;
}

/** OpenAI-style `x-ratelimit-*` headers for the most constrained scope of a request. */
export function rateHeaders(usages: ScopeUsage[], windowResetSeconds: number): LimitHeaders {
  const headers: LimitHeaders = {};
  let tightestRequests: { limit: number; remaining: number } | undefined;
  let tightestTokens: { limit: number; remaining: number } | undefined;
  for (const usage of usages) {
    if (usage.rpm !== undefined) {
      const remaining = Math.max(0, usage.rpm - usage.requestsUsed);
      if (!tightestRequests || remaining < tightestRequests.remaining) tightestRequests = { limit: usage.rpm, remaining };
    }
    if (usage.tpm !== undefined) {
      const remaining = Math.max(0, usage.tpm - usage.tokensUsed);
      if (!tightestTokens || remaining < tightestTokens.remaining) tightestTokens = { limit: usage.tpm, remaining };
    }
  }
  if (tightestRequests) {
    headers['x-ratelimit-limit-requests'] = String(tightestRequests.limit);
    headers['x-ratelimit-remaining-requests'] = String(tightestRequests.remaining);
    headers['x-ratelimit-reset-requests'] = `${windowResetSeconds}s`;
  }
  if (tightestTokens) {
    headers['x-ratelimit-limit-tokens'] = String(tightestTokens.limit);
    headers['x-ratelimit-remaining-tokens'] = String(tightestTokens.remaining);
    headers['x-ratelimit-reset-tokens'] = `${windowResetSeconds}s`;
  }
  return headers;
}

export const WINDOW_MS = 60_000;

export function windowOf(now: number): number {
  return Math.floor(now / WINDOW_MS);
}

export function secondsToWindowEnd(now: number): number {
  return Math.max(1, Math.ceil((WINDOW_MS - (now % WINDOW_MS)) / 1000));
}
