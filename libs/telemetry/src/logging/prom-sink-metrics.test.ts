import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createPromSinkMetrics } from './prom-sink-metrics.ts';

describe('createPromSinkMetrics', () => {
  it('exposes queued, sent, dropped and failures per sink', async () => {
    const registry = new Registry();
    const metrics = createPromSinkMetrics(registry);
    metrics.queued('langfuse', 3);
    metrics.sent('langfuse', 2);
    metrics.dropped('audit_hook', 1, 'queue_full');
    metrics.failed('audit_hook');
    const text = await registry.metrics();
    expect(text).toContain('switchboard_logging_calls_queued_total{sink="langfuse"} 3');
    expect(text).toContain('switchboard_logging_calls_sent_total{sink="langfuse"} 2');
    expect(text).toContain('switchboard_logging_calls_dropped_total{sink="audit_hook",reason="queue_full"} 1');
    expect(text).toContain('switchboard_logging_delivery_failures_total{sink="audit_hook"} 1');
  });
});
