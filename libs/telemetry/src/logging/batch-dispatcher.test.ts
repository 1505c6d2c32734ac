import { describe, expect, it } from 'vitest';
import { BatchDispatcher, type SinkTransport } from './batch-dispatcher.ts';
import type { LoggedCall } from './logged-call.ts';
import { SinkDeliveryError } from './sink-delivery-error.ts';
import { CountingSinkMetrics } from './sink-metrics.ts';

const call = (n: number): LoggedCall => ({ requestId: `req-${n}`, route: '/v1/chat/completions', startTime: 0, endTime: 1, cost: '0.000000000', status: 200 });

class FakeTransport implements SinkTransport {
  batches: string[][] = [];
  failWith: Error | undefined;
  async send(batch: readonly LoggedCall[]): Promise<void> {
    if (this.failWith) throw this.failWith;
    this.batches.push(batch.map((item) => item.requestId));
  }
}

function dispatcher(transport: SinkTransport, batch = { batchSize: 3, flushIntervalMs: 60_000, maxQueueSize: 5 }) {
  const metrics = new CountingSinkMetrics();
  const errors: { willRetry: boolean }[] = [];
  const subject = new BatchDispatcher({ sink: 'hook', transport, batch, metrics, retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 }, onDeliveryError: (_error, attempt) => errors.push(attempt) });
  return { subject, metrics, errors };
}

describe('BatchDispatcher', () => {
  it('sends full batches off the caller, the rest on flush', async () => {
    const transport = new FakeTransport();
    const { subject, metrics } = dispatcher(transport, { batchSize: 3, flushIntervalMs: 60_000, maxQueueSize: 100 });
    for (let n = 1; n <= 7; n += 1) subject.enqueue(call(n));
    expect(transport.batches).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await subject.flush();
    expect(transport.batches).toEqual([['req-1', 'req-2', 'req-3'], ['req-4', 'req-5', 'req-6'], ['req-7']]);
    expect(metrics.of('hook')).toMatchObject({ queued: 7, sent: 7, dropped: 0, failures: 0 });
    await subject.shutdown();
  });

  it('sends on the interval without a full batch', async () => {
    const transport = new FakeTransport();
    const { subject } = dispatcher(transport, { batchSize: 100, flushIntervalMs: 10, maxQueueSize: 100 });
    subject.enqueue(call(1));
    await expect.poll(() => transport.batches).toEqual([['req-1']]);
    await subject.shutdown();
  });

  it('keeps every call while the sink is down, drops and counts once the queue is full, delivers on recovery', async () => {
    const transport = new FakeTransport();
    transport.failWith = new Error('connect ECONNREFUSED');
    const { subject, metrics, errors } = dispatcher(transport);
    for (let n = 1; n <= 8; n += 1) subject.enqueue(call(n));
    await subject.flush();
    expect(subject.size).toBe(5);
    expect(metrics.of('hook')).toMatchObject({ queued: 5, sent: 0, dropped: 3, droppedBy: { queue_full: 3 } });
    expect(errors.every((attempt) => attempt.willRetry)).toBe(true);

    transport.failWith = undefined;
    await subject.flush();
    expect(transport.batches.flat()).toEqual(['req-1', 'req-2', 'req-3', 'req-4', 'req-5']);
    expect(metrics.of('hook')).toMatchObject({ sent: 5, dropped: 3 });
    await subject.shutdown();
  });

  it('drops a batch the sink refuses for good and goes on with the next', async () => {
    const transport = new FakeTransport();
    let refused = false;
    const refusing: SinkTransport = {
      send: async (batch) => {
        if (!refused) {
          refused = true;
          throw SinkDeliveryError.fromStatus('hook', 400);
        }
        return transport.send(batch);
      },
    };
    const { subject, metrics, errors } = dispatcher(refusing, { batchSize: 2, flushIntervalMs: 60_000, maxQueueSize: 10 });
    for (let n = 1; n <= 4; n += 1) subject.enqueue(call(n));
    await subject.flush();
    expect(transport.batches).toEqual([['req-3', 'req-4']]);
    expect(metrics.of('hook')).toMatchObject({ sent: 2, dropped: 2, droppedBy: { rejected: 2 }, failures: 1 });
    expect(errors).toEqual([{ sink: 'hook', calls: 2, willRetry: false }]);
    await subject.shutdown();
  });

  it('counts what is left at shutdown, and anything enqueued after, as dropped', async () => {
    const transport = new FakeTransport();
    transport.failWith = new SinkDeliveryError('hook answered 503', true, 503);
    const { subject, metrics } = dispatcher(transport);
    subject.enqueue(call(1));
    subject.enqueue(call(2));
    await subject.shutdown(1_000);
    subject.enqueue(call(3));
    expect(metrics.of('hook')).toMatchObject({ queued: 2, sent: 0, dropped: 3, droppedBy: { shutdown: 3 } });
  });
});
