import { Counter, type Registry } from 'prom-client';
import type { DropReason, SinkMetrics } from './sink-metrics.ts';

/**
 * The sink counters on a prom-client registry (the gateway's), named like its other metrics. The `sink`
 * label is a callback name from config (`langfuse`, `s3`, a webhook's name), so it stays bounded.
 */
export function createPromSinkMetrics(registry: Registry): SinkMetrics {
  const registers = [registry];
  const queued = new Counter({ name: 'switchboard_logging_calls_queued_total', help: 'Calls queued for a logging sink', labelNames: ['sink'], registers });
  const sent = new Counter({ name: 'switchboard_logging_calls_sent_total', help: 'Calls a logging sink accepted', labelNames: ['sink'], registers });
  const dropped = new Counter({ name: 'switchboard_logging_calls_dropped_total', help: 'Calls never delivered to a logging sink (queue full, refused, shut down)', labelNames: ['sink', 'reason'], registers });
  const failures = new Counter({ name: 'switchboard_logging_delivery_failures_total', help: 'Failed delivery attempts to a logging sink (each is retried or dropped)', labelNames: ['sink'], registers });
  return {
    queued: (sink: string, calls: number) => queued.inc({ sink }, calls),
    sent: (sink: string, calls: number) => sent.inc({ sink }, calls),
    dropped: (sink: string, calls: number, reason: DropReason) => dropped.inc({ sink, reason }, calls),
    failed: (sink: string) => failures.inc({ sink }),
  };
}
