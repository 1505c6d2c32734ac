import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { CallMetrics, DeploymentMetrics } from './call-metrics.ts';
import { HotCounter, HotHistogram } from './hot-metrics.ts';

/** One deployment's labels (model group, deployment id, provider) and state: 0 healthy, 2 cooling down. */
export interface DeploymentState {
  labels: readonly [string, string, string];
  state: number;
}

const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300];
const OVERHEAD_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25];

/**
 * The gateway's Prometheus metrics (`switchboard_` prefix, same meanings as the reference's). Labels are
 * bounded: model groups, deployments and statuses come from config, never from client input; per-key
 * labels (key hash and alias, team) are opt-in through `perKeyLabels`.
 */
export class GatewayMetrics {
  readonly registry = new Registry();
  readonly requests: HotCounter;
  readonly failures: HotCounter;
  readonly inputTokens: HotCounter;
  readonly outputTokens: HotCounter;
  readonly totalTokens: HotCounter;
  readonly spend: HotCounter;
  readonly requestLatency: HotHistogram;
  readonly overheadLatency: HotHistogram;
  readonly upstreamLatency: HotHistogram;
  readonly timeToFirstToken: HotHistogram;
  readonly deploymentSuccess: HotCounter;
  readonly deploymentFailure: HotCounter;
  readonly deploymentState: Gauge<string>;
  readonly deploymentCooldowns: Counter<string>;
  readonly fallbacks: Counter<string>;
  readonly limitsFallbacks: Counter<string>;
  readonly softBudgetCrossed: Counter<string>;
  readonly alerts: Counter<string>;
  readonly remainingBudget: Gauge<string>;
  readonly cacheRequests: HotCounter;
  readonly cacheSavedSpend: HotCounter;
  readonly cacheFailures: Counter<string>;
  readonly guardrailOutcomes: HotCounter;
  readonly keyLabels: readonly string[];
  private deploymentStates: () => Iterable<DeploymentState> = () => [];
  /** CallMetrics by model group, route and status (without per-key labels; see callMetricsOf). */
  private readonly callMetrics = new Map<string, Map<string, Map<string, CallMetrics>>>();
  /** DeploymentMetrics by deployment (its labels are fixed for the object's life). */
  private deploymentMetrics = new WeakMap<object, DeploymentMetrics>();
  constructor(readonly perKeyLabels = false) {
    collectDefaultMetrics({ register: this.registry, prefix: 'switchboard_' });
    // A metric that drops its children (resetMetrics) drops the kept lookups with them.
    const onReset = () => {
      this.callMetrics.clear();
      this.deploymentMetrics = new WeakMap();
    };
    const registers = [this.registry];
    this.keyLabels = perKeyLabels ? ['key_hash', 'key_alias', 'team', 'user'] : [];
    const requestLabels = ['model', 'route', 'status_code', ...this.keyLabels];
    this.requests = new HotCounter({ name: 'switchboard_requests_total', help: 'Data-plane requests, by model group, route and status', labelNames: requestLabels, registers, onReset });
    this.failures = new HotCounter({ name: 'switchboard_requests_failed_total', help: 'Data-plane requests that ended in an error', labelNames: ['model', 'route', 'status_code', 'error_type', ...this.keyLabels], registers });
    this.inputTokens = new HotCounter({ name: 'switchboard_input_tokens_total', help: 'Prompt tokens', labelNames: ['model', ...this.keyLabels], registers, onReset });
    this.outputTokens = new HotCounter({ name: 'switchboard_output_tokens_total', help: 'Completion tokens', labelNames: ['model', ...this.keyLabels], registers, onReset });
    this.totalTokens = new HotCounter({ name: 'switchboard_total_tokens_total', help: 'Prompt plus completion tokens', labelNames: ['model', ...this.keyLabels], registers, onReset });
    this.spend = new HotCounter({ name: 'switchboard_spend_usd_total', help: 'Spend in USD', labelNames: ['model', ...this.keyLabels], registers, onReset });
    this.requestLatency = new HotHistogram({ name: 'switchboard_request_duration_seconds', help: 'Total time from request to the last byte', labelNames: ['model', 'route'], buckets: LATENCY_BUCKETS, registers, onReset });
    this.overheadLatency = new HotHistogram({ name: 'switchboard_overhead_duration_seconds', help: "The gateway's own time (total minus upstream)", labelNames: ['model'], buckets: OVERHEAD_BUCKETS, registers });
    this.upstreamLatency = new HotHistogram({ name: 'switchboard_upstream_duration_seconds', help: 'Time spent waiting for the upstream', labelNames: ['model', 'deployment'], buckets: LATENCY_BUCKETS, registers, onReset });
    this.timeToFirstToken = new HotHistogram({ name: 'switchboard_time_to_first_token_seconds', help: 'Time to the first streamed chunk', labelNames: ['model'], buckets: LATENCY_BUCKETS, registers, onReset });
    this.deploymentSuccess = new HotCounter({ name: 'switchboard_deployment_success_responses_total', help: 'Successful upstream calls per deployment', labelNames: ['model_group', 'deployment', 'provider'], registers, onReset });
    this.deploymentFailure = new HotCounter({ name: 'switchboard_deployment_failure_responses_total', help: 'Failed upstream calls per deployment', labelNames: ['model_group', 'deployment', 'provider', 'error_type'], registers });
    // Gauges across cluster workers (cluster-metrics/): each worker cools deployments down on its own, so the
    // merged state is the worst one (max); a budget's remaining amount is lowest in the worker that settled
    // last, so the merged one is the lowest (min).
    const readDeploymentStates = () => this.deploymentStates();
    this.deploymentState = new Gauge({
      name: 'switchboard_deployment_state',
      help: 'Deployment state: 0 healthy, 2 cooling down',
      labelNames: ['model_group', 'deployment', 'provider'],
      registers,
      aggregator: 'max',
      // Read at scrape time, so a cooldown that ended shows as healthy again.
      collect() {
        for (const { labels, state } of readDeploymentStates()) this.labels(...labels).set(state);
      },
    });
    this.deploymentCooldowns = new Counter({ name: 'switchboard_deployment_cooled_down_total', help: 'Times a deployment was cooled down', labelNames: ['model_group', 'deployment', 'provider'], registers });
    this.fallbacks = new Counter({ name: 'switchboard_deployment_fallbacks_total', help: 'Fallbacks from one model group to another', labelNames: ['from_model_group', 'to_model_group'], registers });
    this.limitsFallbacks = new Counter({ name: 'switchboard_limits_redis_fallback_total', help: 'Limit checks answered in-process because Redis was unavailable', registers });
    this.softBudgetCrossed = new Counter({ name: 'switchboard_soft_budget_exceeded_total', help: 'Settled requests that left an entity above its soft budget', labelNames: ['entity_type'], registers });
    this.alerts = new Counter({ name: 'switchboard_alerts_total', help: 'Slack alerts by type and outcome (sent, held_back, failed, dropped)', labelNames: ['alert_type', 'outcome'], registers });
    // Per request: the hot counters (labels looked up without prom-client's per-call work).
    this.cacheRequests = new HotCounter({ name: 'switchboard_cache_requests_total', help: 'Response cache lookups by result (hit, semantic_hit, miss, bypass, error, timeout)', labelNames: ['result'], registers });
    this.cacheSavedSpend = new HotCounter({ name: 'switchboard_cache_saved_spend_usd_total', help: 'What the answers served from the response cache cost when they were made', labelNames: ['model_group'], registers });
    this.cacheFailures = new Counter({ name: 'switchboard_cache_failures_total', help: 'Response cache operations that failed (the request went on without the cache)', labelNames: ['operation'], registers });
    this.guardrailOutcomes = new HotCounter({ name: 'switchboard_guardrail_outcomes_total', help: 'What guardrails did to calls (passed, masked, blocked, flagged, failed, failed_open)', labelNames: ['guardrail', 'action'], registers });
    this.remainingBudget = new Gauge({ name: 'switchboard_remaining_budget_usd', help: 'Budget left in the current period (per-key labels opt-in)', labelNames: ['entity_type', 'entity'], registers, aggregator: 'min' });
  }

  /** Where `switchboard_deployment_state` reads each deployment's state when scraped (the router's cooldowns). */
  readDeploymentStatesFrom(states: () => Iterable<DeploymentState>): void {
    this.deploymentStates = states;
  }

  /**
   * The children a settled call counts into. Without per-key labels there is one per model group, route and status,
   * kept (all three are bounded like the metrics' own label sets); with them, one per call.
   */
  callMetricsOf(model: string, route: string, status: string, principal: Parameters<GatewayMetrics['keyLabelValues']>[0]): CallMetrics {
    if (this.perKeyLabels) return new CallMetrics(this, model, route, status, this.keyLabelValues(principal));
    let byRoute = this.callMetrics.get(model);
    if (!byRoute) this.callMetrics.set(model, (byRoute = new Map()));
    let byStatus = byRoute.get(route);
    if (!byStatus) byRoute.set(route, (byStatus = new Map()));
    let metrics = byStatus.get(status);
    if (!metrics) byStatus.set(status, (metrics = new CallMetrics(this, model, route, status, [])));
    return metrics;
  }

  /** One deployment's upstream latency and success children. */
  deploymentMetricsOf(deployment: { modelGroup: string; id: string; provider: string }): DeploymentMetrics {
    let metrics = this.deploymentMetrics.get(deployment);
    if (!metrics) this.deploymentMetrics.set(deployment, (metrics = new DeploymentMetrics(this, [deployment.modelGroup, deployment.id, deployment.provider])));
    return metrics;
  }

  /** Label values for the opt-in per-key labels, in `keyLabels` order; never the raw key. */
  keyLabelValues(principal: { keyHash?: string; keyAlias?: string; teamId?: string; userId?: string } | undefined): string[] {
    if (!this.perKeyLabels) return [];
    return [principal?.keyHash ?? '', principal?.keyAlias ?? '', principal?.teamId ?? '', principal?.userId ?? ''];
  }
}
