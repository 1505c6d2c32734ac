import type { GatewayMetrics } from './gateway-metrics.ts';
import type { HotCounterChild, HotHistogramChild } from './hot-metrics.ts';

/** The per-call metrics a settled call counts into (GatewayMetrics names them; this only looks children up). */
type CallMetricSet = Pick<GatewayMetrics, 'requests' | 'requestLatency' | 'timeToFirstToken' | 'inputTokens' | 'outputTokens' | 'totalTokens' | 'spend'>;

/**
 * The children one settled call counts into, for one model group, route, status and (when opted in) key labels.
 * GatewayMetrics keeps one per label set, so a call looks its children up once instead of walking every metric's
 * label tree (a rest array and up to seven map lookups each, nine metrics per call: about 3% of the gateway's CPU per
 * request, same-core, issue #19). Each child is made on its first use, as `labels()` would make it then: a label
 * set a call never counted into (no stream, no usage, no cost) is not exposed with a zero.
 */
export class CallMetrics {
  private requestsChild: HotCounterChild | undefined;
  private latencyChild: HotHistogramChild | undefined;
  private firstTokenChild: HotHistogramChild | undefined;
  private inputChild: HotCounterChild | undefined;
  private outputChild: HotCounterChild | undefined;
  private totalChild: HotCounterChild | undefined;
  private spendChild: HotCounterChild | undefined;

  constructor(
    private readonly metrics: CallMetricSet,
    private readonly model: string,
    private readonly route: string,
    private readonly status: string,
    private readonly keyLabels: readonly string[],
  ) {}

  get requests(): HotCounterChild {
    return (this.requestsChild ??= this.metrics.requests.labels(this.model, this.route, this.status, ...this.keyLabels));
  }

  get requestLatency(): HotHistogramChild {
    return (this.latencyChild ??= this.metrics.requestLatency.labels(this.model, this.route));
  }

  get timeToFirstToken(): HotHistogramChild {
    return (this.firstTokenChild ??= this.metrics.timeToFirstToken.labels(this.model));
  }

  get inputTokens(): HotCounterChild {
    return (this.inputChild ??= this.metrics.inputTokens.labels(this.model, ...this.keyLabels));
  }

  get outputTokens(): HotCounterChild {
    return (this.outputChild ??= this.metrics.outputTokens.labels(this.model, ...this.keyLabels));
  }

  get totalTokens(): HotCounterChild {
    return (this.totalChild ??= this.metrics.totalTokens.labels(this.model, ...this.keyLabels));
  }

  get spend(): HotCounterChild {
    return (this.spendChild ??= this.metrics.spend.labels(this.model, ...this.keyLabels));
  }
}

/** One deployment's upstream latency and success children, made on first use (see CallMetrics). */
export class DeploymentMetrics {
  private latencyChild: HotHistogramChild | undefined;
  private successChild: HotCounterChild | undefined;

  constructor(
    private readonly metrics: Pick<GatewayMetrics, 'upstreamLatency' | 'deploymentSuccess'>,
    private readonly labels: readonly [modelGroup: string, id: string, provider: string],
  ) {}

  get upstreamLatency(): HotHistogramChild {
    return (this.latencyChild ??= this.metrics.upstreamLatency.labels(this.labels[0], this.labels[1]));
  }

  get success(): HotCounterChild {
    return (this.successChild ??= this.metrics.deploymentSuccess.labels(...this.labels));
  }
}
