import type { CallContext, DeploymentTarget, StreamEvent } from '../provider.ts';

export function testTarget(overrides: Partial<DeploymentTarget> = {}): DeploymentTarget {
  return { provider: 'openai', model: 'upstream-model', apiKey: 'sk-test-0123456789abcdef', timeoutMs: 5_000, params: {}, ...overrides };
}

export interface TestContext extends CallContext {
  controller: AbortController;
  warnings: string[];
}

export function testContext(): TestContext {
  const controller = new AbortController();
  const warnings: string[] = [];
  return { controller, signal: controller.signal, requestId: 'req-test-1', warnings, onWarning: (warning) => warnings.push(warning) };
}

export async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const all: StreamEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** Collects until the iteration throws, returning what arrived and the error (never rethrows). */
export async function collectUntilError(events: AsyncIterable<StreamEvent>): Promise<{ events: StreamEvent[]; error: unknown }> {
  const all: StreamEvent[] = [];
  try {
    for await (const event of events) all.push(event);
  } catch (error) {
    return { events: all, error };
  }
  return { events: all, error: undefined };
}
