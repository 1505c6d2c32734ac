import { describe, expect, it } from 'vitest';
import type { Admission, CallRecord } from '@switchboard/contracts';
import { GatewayMetrics } from '../gateway-metrics.ts';
import { accountCall } from './account-call.ts';

const record = { requestId: 'r1', route: '/chat/completions', modelGroup: 'gpt', status: 200, startTime: 1_000, endTime: 1_010, costNanoUsd: 0 } as unknown as CallRecord;

function logger() {
  const errors: [object, string][] = [];
  const warnings: [object, string][] = [];
  return { errors, warnings, error: (fields: object, message: string) => errors.push([fields, message]), warn: (fields: object, message: string) => warnings.push([fields, message]) };
}

describe('accountCall', () => {
  it("waits for the hook's promise and turns its failure into a log line, never a rejection (the answer still goes out)", async () => {
    const log = logger();
    const failure = new Error('journal write failed: ENOSPC');
    const durable = accountCall({ metrics: new GatewayMetrics(), logger: log as never, onSettled: () => Promise.reject(failure) }, record, undefined);
    expect(durable).toBeInstanceOf(Promise);
    await durable; // resolves: a rejection here would fail the test
    expect(log.errors).toEqual([[{ err: failure, requestId: 'r1' }, 'accounting hook failed']]);
  });

  it('returns nothing to wait for when the hook and the limits settle at once, and logs a limits settlement that fails', async () => {
    const log = logger();
    const settled: CallRecord[] = [];
    const atOnce: Admission = { headers: {}, settle: (done) => void settled.push(done) };
    expect(accountCall({ metrics: new GatewayMetrics(), logger: log as never, onSettled: () => undefined }, record, atOnce)).toBeUndefined();
    expect(settled).toEqual([record]);
    const failing: Admission = { headers: {}, settle: () => Promise.reject(new Error('redis down')) };
    accountCall({ metrics: new GatewayMetrics(), logger: log as never }, record, failing);
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.warnings.map(([, message]) => message)).toEqual(['settling limits failed']);
  });
});
