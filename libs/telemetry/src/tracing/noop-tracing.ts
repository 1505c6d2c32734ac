import type { ClientSpan, RequestTrace, Tracing, UpstreamTrace } from './tracing-types.ts';

// Tracing off: the same frozen objects for every request, so the hot path allocates nothing here.
const NOOP_UPSTREAM: UpstreamTrace = Object.freeze({
  traceparent: () => undefined,
  injectHeaders: () => undefined,
  firstChunk: () => undefined,
  end: () => undefined,
});

const NOOP_CLIENT: ClientSpan = Object.freeze({ end: () => undefined });

const NOOP_REQUEST: RequestTrace = Object.freeze({
  isRecording: false,
  traceId: undefined,
  setAttributes: () => undefined,
  addEvent: () => undefined,
  recordRetry: () => undefined,
  recordFallback: () => undefined,
  startUpstream: () => NOOP_UPSTREAM,
  startClient: () => NOOP_CLIENT,
  setRoute: () => undefined,
  injectHeaders: () => undefined,
  end: () => undefined,
});

export const NOOP_TRACING: Tracing = Object.freeze({
  enabled: false,
  captureMessageContent: false,
  startRequest: () => NOOP_REQUEST,
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
});
