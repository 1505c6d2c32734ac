import { z } from 'zod';

/**
 * The IPC exchange behind one `/metrics` scrape in cluster mode: the worker that got the scrape asks the
 * primary (`request`), the primary asks every ready worker (`collect`), each reports its registry as
 * prom-client JSON (`report`), and the primary answers the asking worker with the merged text (`answer`).
 */
export const METRICS_REQUEST = 'switchboard:metrics-request';
export const METRICS_COLLECT = 'switchboard:metrics-collect';
export const METRICS_REPORT = 'switchboard:metrics-report';
export const METRICS_ANSWER = 'switchboard:metrics-answer';

/** prom-client's `getMetricsAsJSON()` entries, as far as the aggregation reads them. */
const metricJsonSchema = z
  .object({
    name: z.string(),
    help: z.string(),
    type: z.string(),
    aggregator: z.string().optional(),
    values: z.array(z.object({ labels: z.record(z.union([z.string(), z.number()])), value: z.union([z.number(), z.nan()]), metricName: z.string().optional() }).passthrough()),
  })
  .passthrough();
export type MetricJson = z.infer<typeof metricJsonSchema>;

export const metricsReportSchema = z.array(metricJsonSchema);

/** A report's metrics are checked on their own, so a malformed one fails its scrape with the reason. */
export const toPrimarySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(METRICS_REQUEST), id: z.number().int() }),
  z.object({ type: z.literal(METRICS_REPORT), id: z.number().int(), metrics: z.unknown().optional(), error: z.string().optional() }),
]);

export const toWorkerSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal(METRICS_COLLECT), id: z.number().int() }),
  z.object({ type: z.literal(METRICS_ANSWER), id: z.number().int(), text: z.string().optional(), error: z.string().optional() }),
]);
