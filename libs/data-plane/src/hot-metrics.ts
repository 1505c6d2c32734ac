import type { Metric, Registry } from 'prom-client';

/** A metric as prom-client's registry reads it for the exposition. */
export interface ExposedMetric {
  name: string;
  help: string;
  type: 'counter' | 'histogram';
  aggregator: 'sum';
  values: { labels: Record<string, string | number>; value: number; metricName?: string }[];
}

interface HotMetricOptions {
  name: string;
  help: string;
  labelNames: readonly string[];
  registers: Registry[];
  /** Called when the metric drops its children (a registry's resetMetrics): whoever keeps children lets them go. */
  onReset?: () => void;
}

/**
 * Counters and histograms for the per-request metrics, read by prom-client's registry at scrape time.
 * prom-client's own label children convert, validate and hash their labels on every `inc`/`observe`, and
 * key histogram buckets by the bound's number-as-string: several of them per request showed as a few
 * percent of the gateway's CPU. Here a child is looked up once per label set and counting is arithmetic on
 * its fields; the exposition (names, labels, cumulative `le` buckets, `_sum`, `_count`) is Prometheus's
 * text format as prom-client writes it.
 *
 * Label sets are bounded (model groups, routes, statuses from config; per-key labels are opt-in).
 */
abstract class HotMetric<C extends { labels: Record<string, string> }> {
  readonly name: string;
  readonly help: string;
  readonly aggregator = 'sum' as const;
  private readonly labelNames: readonly string[];
  /** One level per label: looking a child up builds no key string. */
  private readonly tree = new Map<string, unknown>();
  private readonly children: C[] = [];
  private readonly onReset: (() => void) | undefined;

  constructor(options: HotMetricOptions) {
    this.onReset = options.onReset;
    this.name = options.name;
    this.help = options.help;
    this.labelNames = options.labelNames;
    for (const registry of options.registers) registry.registerMetric(this as unknown as Metric);
  }

  protected abstract createChild(labels: Record<string, string>): C;

  /** The child for these label values, in `labelNames` order (prom-client's `labels(...values)`). */
  labels(...values: string[]): C {
    const last = values.length - 1;
    if (last + 1 !== this.labelNames.length) throw new Error(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}`);
    let level = this.tree;
    for (let i = 0; i < last; i++) {
      const value = values[i] as string;
      let next = level.get(value) as Map<string, unknown> | undefined;
      if (!next) level.set(value, (next = new Map()));
      level = next;
    }
    const leaf = last >= 0 ? (values[last] as string) : '';
    let child = level.get(leaf) as C | undefined;
    if (!child) {
      const labels: Record<string, string> = {};
      this.labelNames.forEach((name, i) => (labels[name] = values[i] as string));
      child = this.createChild(labels);
      level.set(leaf, child);
      this.children.push(child);
    }
    return child;
  }

  protected all(): readonly C[] {
    return this.children;
  }

  /** What the registry reads at scrape time (`getForPromString` for the text format, `get` for JSON). */
  abstract getForPromString(): Promise<ExposedMetric>;

  get(): Promise<ExposedMetric> {
    return this.getForPromString();
  }

  reset(): void {
    this.tree.clear();
    this.children.length = 0;
    this.onReset?.();
  }
}

export class HotCounterChild {
  value = 0;
  constructor(readonly labels: Record<string, string>) {}

  /** Adds `by` (1 by default); a negative or non-finite amount is a bug upstream of here and is not counted. */
  inc(by = 1): void {
    if (by >= 0 && by !== Infinity) this.value += by;
  }
}

export class HotCounter extends HotMetric<HotCounterChild> {
  readonly type = 'counter' as const;

  protected createChild(labels: Record<string, string>): HotCounterChild {
    return new HotCounterChild(labels);
  }

  async getForPromString(): Promise<ExposedMetric> {
    const values: ExposedMetric['values'] = [];
    for (const child of this.all()) values.push({ labels: { ...child.labels }, value: child.value });
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}

export class HotHistogramChild {
  /** Observations per bucket, not cumulative; the last slot counts those above every bound. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Record<string, string>,
    private readonly bounds: readonly number[],
  ) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Records one value (seconds); a non-finite value is a bug upstream of here and is not recorded. */
  observe(value: number): void {
    if (!Number.isFinite(value)) return;
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + 1;
    this.sum += value;
    this.count++;
  }
}

export class HotHistogram extends HotMetric<HotHistogramChild> {
  readonly type = 'histogram' as const;
  private readonly bounds: readonly number[];

  constructor(options: HotMetricOptions & { buckets: readonly number[] }) {
    super(options);
    this.bounds = [...options.buckets].sort((a, b) => a - b);
  }

  protected createChild(labels: Record<string, string>): HotHistogramChild {
    return new HotHistogramChild(labels, this.bounds);
  }

  /** Cumulative `_bucket` lines per label set (`le` last), then `+Inf`, `_sum` and `_count`, as prom-client writes them. */
  async getForPromString(): Promise<ExposedMetric> {
    const values: ExposedMetric['values'] = [];
    const bucket = `${this.name}_bucket`;
    for (const child of this.all()) {
      let cumulative = 0;
      this.bounds.forEach((bound, i) => {
        cumulative += child.counts[i] as number;
        values.push({ metricName: bucket, labels: { ...child.labels, le: bound }, value: cumulative });
      });
      values.push({ metricName: bucket, labels: { ...child.labels, le: '+Inf' }, value: child.count });
      values.push({ metricName: `${this.name}_sum`, labels: { ...child.labels }, value: child.sum });
      values.push({ metricName: `${this.name}_count`, labels: { ...child.labels }, value: child.count });
    }
    return { name: this.name, help: this.help, type: this.type, aggregator: this.aggregator, values };
  }
}
