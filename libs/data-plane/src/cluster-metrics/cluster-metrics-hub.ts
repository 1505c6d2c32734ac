import { AggregatorRegistry, type Registry } from 'prom-client';
import { METRICS_ANSWER, METRICS_COLLECT, METRICS_REPORT, METRICS_REQUEST, metricsReportSchema, toPrimarySchema, type MetricJson } from './cluster-metrics-messages.ts';

/** What the hub needs of the worker pool (libs/service-kit run-workers.ts). */
export interface MetricsPool {
  ready(): { id: number; send(message: unknown): void }[];
  worker(id: number): { send(message: unknown): void } | undefined;
}

interface Collection {
  waiting: Set<number>;
  reports: MetricJson[][];
  done(error?: Error): void;
}

/**
 * The primary's side of a cluster-wide scrape: asks every ready worker for its registry and merges
 * them with prom-client's AggregatorRegistry.aggregate, which applies each metric's `aggregator` (the hot
 * counters and histograms declare `sum`, so counters add up and histogram buckets, sums and counts add up
 * per label set; gauges declare their own rule in gateway-metrics.ts). The primary's own registry (worker
 * count, restarts) is merged in too.
 *
 * A scrape that misses a worker fails (the scraping worker answers 503) instead of returning a partial sum:
 * Prometheus would read the missing worker's counters as a reset and show a spike on the next scrape.
 */
export class ClusterMetricsHub {
  private nextId = 0;
  private readonly collections = new Map<number, Collection>();

  constructor(
    private readonly pool: MetricsPool,
    private readonly primaryRegistry: Registry,
    private readonly timeoutMs = 3_000,
  ) {}

  /** Feed every worker message here; returns whether it was one of ours. */
  handle(workerId: number, message: unknown): boolean {
    const parsed = toPrimarySchema.safeParse(message);
    if (!parsed.success) return false;
    const msg = parsed.data;
    if (msg.type === METRICS_REQUEST) {
      this.scrape().then(
        (text) => this.pool.worker(workerId)?.send({ type: METRICS_ANSWER, id: msg.id, text }),
        (error: unknown) => this.pool.worker(workerId)?.send({ type: METRICS_ANSWER, id: msg.id, error: error instanceof Error ? error.message : String(error) }),
      );
      return true;
    }
    const collection = this.collections.get(msg.id);
    if (!collection?.waiting.delete(workerId)) return true;
    if (msg.metrics === undefined) {
      collection.done(new Error(`gateway worker ${workerId} could not read its metrics: ${msg.error ?? 'no reason given'}`));
      return true;
    }
    const metrics = metricsReportSchema.safeParse(msg.metrics);
    if (!metrics.success) {
      const issue = metrics.error.issues[0];
      collection.done(new Error(`gateway worker ${workerId} sent malformed metrics (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'unknown'})`));
      return true;
    }
    collection.reports.push(metrics.data);
    if (collection.waiting.size === 0) collection.done();
    return true;
  }

  /** A worker exited: a scrape still waiting for it cannot be complete. */
  workerExited(workerId: number): void {
    for (const collection of this.collections.values()) {
      if (collection.waiting.has(workerId)) collection.done(new Error(`gateway worker ${workerId} exited during the scrape`));
    }
  }

  /** Every ready worker's metrics and the primary's, merged into one exposition. */
  async scrape(): Promise<string> {
    const workers = this.pool.ready();
    const id = this.nextId++;
    const reports: MetricJson[][] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => collection.done(new Error(`gateway workers ${[...collection.waiting].join(', ')} did not report their metrics within ${this.timeoutMs} ms`)), this.timeoutMs);
      const collection: Collection = {
        waiting: new Set(workers.map((worker) => worker.id)),
        reports,
        done: (error) => {
          clearTimeout(timer);
          this.collections.delete(id);
          if (error) reject(error);
          else resolve();
        },
      };
      this.collections.set(id, collection);
      if (workers.length === 0) collection.done();
      for (const worker of workers) worker.send({ type: METRICS_COLLECT, id });
    });
    reports.push((await this.primaryRegistry.getMetricsAsJSON()) as unknown as MetricJson[]);
    return AggregatorRegistry.aggregate(reports as unknown as Parameters<typeof AggregatorRegistry.aggregate>[0]).metrics();
  }
}
