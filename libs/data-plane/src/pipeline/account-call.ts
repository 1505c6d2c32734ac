import type { Admission } from '@switchboard/contracts';
import type { CallRecord } from '@switchboard/contracts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';

/**
 * The account stage: metrics, limit settlement and the accounting hook (the spend row). Returns the hook's
 * promise, resolved once the row is durable.
 */
export function accountCall(deps: Pick<DataPlaneDeps, 'metrics' | 'logger' | 'onSettled'>, record: CallRecord, admission: Admission | undefined): Promise<void> | undefined {
  const { metrics } = deps;
  const model = record.modelGroup ?? 'unknown';
  const status = String(record.status);
  const counted = metrics.callMetricsOf(model, record.route, status, record.principal);
  counted.requests.inc();
  if (record.status >= 400) metrics.failures.labels(model, record.route, status, record.errorType ?? 'error', ...metrics.keyLabelValues(record.principal)).inc();
  counted.requestLatency.observe((record.endTime - record.startTime) / 1000);
  if (record.firstByteTime !== undefined) counted.timeToFirstToken.observe((record.firstByteTime - record.startTime) / 1000);
  if (record.usage) {
    counted.inputTokens.inc(record.usage.promptTokens);
    counted.outputTokens.inc(record.usage.completionTokens);
    counted.totalTokens.inc(record.usage.totalTokens);
  }
  if (record.costNanoUsd > 0) counted.spend.inc(record.costNanoUsd / 1e9);
  if (admission) {
    // Frees the parallel slot and settles the reservation; a failure here only delays the lease's expiry.
    admission.settle(record)?.catch((err: unknown) => deps.logger.warn({ err, requestId: record.requestId }, 'settling limits failed'));
  }
  try {
    const durable = deps.onSettled?.(record);
    return durable instanceof Promise ? durable.catch((err: unknown) => deps.logger.error({ err, requestId: record.requestId }, 'accounting hook failed')) : undefined;
  } catch (err) {
    deps.logger.error({ err, requestId: record.requestId }, 'accounting hook failed');
    return undefined;
  }
}
