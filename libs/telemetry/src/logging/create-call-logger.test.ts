import { describe, expect, it } from 'vitest';
import { parseTelemetrySettings } from '../settings/parse-telemetry-settings.ts';
import type { GenericApiSinkSettings, SinkSettings } from '../settings/telemetry-settings.ts';
import type { SinkTransport } from './batch-dispatcher.ts';
import { createCallLogger } from './create-call-logger.ts';
import type { LoggedCall } from './logged-call.ts';
import { CountingSinkMetrics } from './sink-metrics.ts';

const call: LoggedCall = { requestId: 'r-1', route: '/v1/chat/completions', startTime: 0, endTime: 1, cost: '0.000001000', status: 200, messages: [{ role: 'user', content: 'hi' }], responseText: 'hello' };
const { settings } = parseTelemetrySettings({
  litellmSettings: { callbacks: ['generic_api'] },
  env: { GENERIC_LOGGER_ENDPOINT: 'https://hooks.example.com/global' },
});

function recordingTransports() {
  const received = new Map<string, LoggedCall[]>();
  const createTransport = (sink: SinkSettings): SinkTransport => ({
    send: async (batch) => void received.set(sink.kind === 'generic_api' ? sink.endpoint : sink.name, [...(received.get(sink.kind === 'generic_api' ? sink.endpoint : sink.name) ?? []), ...batch]),
  });
  return { received, createTransport };
}

describe('createCallLogger', () => {
  it("sends a call once per destination, even when a team names the global one again, with that sink's message setting", async () => {
    const { received, createTransport } = recordingTransports();
    const logger = createCallLogger(settings, { createTransport });
    const global = settings.sinks[0] as GenericApiSinkSettings;
    const teamCopy = { ...global };
    const quiet: SinkSettings = { ...global, endpoint: 'https://hooks.example.com/quiet', turnOffMessageLogging: true };
    logger.log(call, [global, teamCopy, quiet]);
    await logger.flush();
    expect(received.get('https://hooks.example.com/global')).toEqual([call]);
    expect(received.get('https://hooks.example.com/quiet')).toEqual([{ requestId: 'r-1', route: '/v1/chat/completions', startTime: 0, endTime: 1, cost: '0.000001000', status: 200 }]);
    await logger.shutdown();
  });

  it("keeps one queue per metadata destination, flushing and closing the least recently used past the cap, never the config's", async () => {
    const { createTransport, received } = recordingTransports();
    const metrics = new CountingSinkMetrics();
    let transports = 0;
    const logger = createCallLogger(settings, { createTransport: (sink) => (transports++, createTransport(sink)), metrics, maxDestinations: 1 });
    const global = settings.sinks[0] as GenericApiSinkSettings;
    const first = { ...global, endpoint: 'https://hooks.example.com/first' };
    logger.log(call, [global, first]);
    logger.log(call, [global, { ...first }]);
    expect(transports).toBe(2);
    logger.log(call, [global, { ...global, endpoint: 'https://hooks.example.com/second' }]);
    await logger.flush();
    expect(transports).toBe(3);
    // The evicted queue delivered what it held before closing; the config's queue stayed open all along.
    expect(received.get('https://hooks.example.com/first')).toEqual([call, call]);
    expect(received.get('https://hooks.example.com/global')).toEqual([call, call, call]);
    expect(metrics.of('generic_api')).toMatchObject({ queued: 6, dropped: 0 });
    await logger.shutdown();
  });

  it('never throws into the caller', async () => {
    const warnings: string[] = [];
    const logger = createCallLogger(settings, {
      createTransport: () => {
        throw new Error('cannot build');
      },
      logger: { warn: (_fields, message) => warnings.push(message) },
    });
    expect(() => logger.log(call)).not.toThrow();
    expect(warnings).toEqual(['logging callbacks could not queue a call']);
    await logger.shutdown();
  });
});
