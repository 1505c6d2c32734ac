import { randomUUID } from 'node:crypto';
import type { AcquireRequest } from '../types.ts';

/** An admission request with nothing to count, a fresh id and a 30 s lease; tests set what they count. */
export const acquireRequest = (overrides: Partial<AcquireRequest> = {}): AcquireRequest => ({
  requestId: randomUUID(),
  rate: [],
  budgets: [],
  estimatedTokens: 0,
  estimatedCostNano: 0,
  leaseMs: 30_000,
  ...overrides,
});
