import { createRequire } from 'node:module';

/** A span as an OTLP receiver got it, flattened for assertions. */
export interface ReceivedSpan {
  name: string;
  /** OTLP's SpanKind: 2 server, 3 client. */
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Record<string, unknown>;
  events: { name: string; attributes: Record<string, unknown> }[];
  status: { code: number; message: string };
  resource: Record<string, unknown>;
}

interface AnyValue {
  stringValue?: string | null;
  boolValue?: boolean | null;
  intValue?: number | { toNumber(): number } | null;
  doubleValue?: number | null;
  arrayValue?: { values?: AnyValue[] | null } | null;
}
interface KeyValue {
  key: string;
  value?: AnyValue | null;
}
interface DecodedRequest {
  resourceSpans: {
    resource?: { attributes?: KeyValue[] };
    scopeSpans: { spans: { name: string; kind: number; traceId: Uint8Array; spanId: Uint8Array; parentSpanId?: Uint8Array; attributes?: KeyValue[]; events?: { name: string; attributes?: KeyValue[] }[]; status?: { code?: number; message?: string } }[] }[];
  }[];
}

// The protobuf classes ship inside the OTLP transformer package (generated code, CommonJS, no exports map).
const require = createRequire(import.meta.url);
const root = require('@opentelemetry/otlp-transformer/build/src/generated/root.js') as {
  opentelemetry: { proto: { collector: { trace: { v1: { ExportTraceServiceRequest: { decode(bytes: Uint8Array): DecodedRequest } } } } } };
};

function valueOf(value: AnyValue | null | undefined): unknown {
  if (!value) return undefined;
  if (value.stringValue !== undefined && value.stringValue !== null) return value.stringValue;
  if (value.boolValue !== undefined && value.boolValue !== null) return value.boolValue;
  if (value.intValue !== undefined && value.intValue !== null) return typeof value.intValue === 'number' ? value.intValue : value.intValue.toNumber();
  if (value.doubleValue !== undefined && value.doubleValue !== null) return value.doubleValue;
  if (value.arrayValue) return (value.arrayValue.values ?? []).map(valueOf);
  return undefined;
}

const attributesOf = (list: KeyValue[] | undefined): Record<string, unknown> => Object.fromEntries((list ?? []).map((kv) => [kv.key, valueOf(kv.value)]));
const hex = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? []).toString('hex');

/** Decodes an OTLP/HTTP protobuf `ExportTraceServiceRequest` body into spans. */
export function decodeOtlpTraces(body: Uint8Array): ReceivedSpan[] {
  const request = root.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.decode(body);
  return request.resourceSpans.flatMap((resourceSpans) =>
    resourceSpans.scopeSpans.flatMap((scope) =>
      scope.spans.map((span) => ({
        name: span.name,
        kind: span.kind,
        traceId: hex(span.traceId),
        spanId: hex(span.spanId),
        parentSpanId: hex(span.parentSpanId),
        attributes: attributesOf(span.attributes),
        events: (span.events ?? []).map((event) => ({ name: event.name, attributes: attributesOf(event.attributes) })),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        resource: attributesOf(resourceSpans.resource?.attributes),
      })),
    ),
  );
}
