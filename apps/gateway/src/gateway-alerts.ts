import type { BudgetLine, CallRecord } from '@switchboard/contracts';
import { nanoToUsdString } from '@switchboard/pricing';
import type { Deployment } from '@switchboard/config';
import type { Alerter } from '@switchboard/telemetry';

/**
 * What the gateway alerts on (LiteLLM's alert types), built from the events it already has: a settled call, a
 * settled budget line, a cooled-down deployment, a spend batch the database did not take. Each builder returns
 * at once when its type is not raised, so with alerting off they cost a set lookup.
 */
export interface GatewayAlerts {
  alerter: Alerter;
  callSettled(record: CallRecord): void;
  budgetSettled(line: BudgetLine, spentNano: number): void;
  /** Whether budget lines must be reported (budget_alerts raised now). */
  watchesBudgets(): boolean;
  deploymentCooledDown(deployment: Deployment, cooldownSeconds: number): void;
  spendWriteFailed(summary: { sqlState?: string; message: string }, pendingSegments: number): void;
  spendQuarantined(count: number): void;
}

/**
 * Upstream failures worth an operator's attention: the provider refused our credentials, is down, slow or
 * rate limiting us. A client's own bad request (bad_request, context_window_exceeded, content_policy,
 * unsupported), a client leaving (aborted) and the gateway's own refusals (budget, limits, access) are not.
 */
const LLM_FAILURES = new Set(['authentication', 'permission', 'not_found', 'rate_limit', 'timeout', 'upstream_unavailable', 'upstream_error']);

/** Exact dollars, trailing zeros off: a budget of $0.0000001 must not read as $0.0000. */
const usd = (nano: number) => `$${nanoToUsdString(nano).replace(/(\.\d*?[1-9])0+$|\.0+$/, '$1')}`;

export function gatewayAlerts(alerter: Alerter): GatewayAlerts {
  const callFields = (record: CallRecord) => ({
    'model group': record.modelGroup ?? record.requestedModel,
    deployment: record.deploymentId,
    provider: record.provider,
    'upstream model': record.upstreamModel,
    route: record.route,
    'key alias': record.principal?.keyAlias,
    team: record.principal?.teamId,
    attempts: record.attempts,
    'request id': record.requestId,
  });
  return {
    alerter,
    callSettled(record) {
      if (record.status >= 400) {
        if (!record.errorType || !LLM_FAILURES.has(record.errorType) || !alerter.wants('llm_exceptions')) return;
        alerter.raise({
          type: 'llm_exceptions',
          key: `${record.modelGroup ?? record.requestedModel}\u0000${record.deploymentId ?? ''}\u0000${record.errorType}`,
          level: 'High',
          message: `A call to ${record.modelGroup ?? record.requestedModel} failed: ${record.errorType} (answered ${record.status})`,
          fields: callFields(record),
        });
        return;
      }
      const threshold = alerter.settings?.slowThresholdMs;
      if (threshold === undefined || record.endTime - record.startTime <= threshold || !alerter.wants('llm_too_slow')) return;
      alerter.raise({
        type: 'llm_too_slow',
        key: `${record.modelGroup ?? record.requestedModel}\u0000${record.deploymentId ?? ''}`,
        level: 'Low',
        message: `A call to ${record.modelGroup ?? record.requestedModel} took ${((record.endTime - record.startTime) / 1000).toFixed(1)} s (alerting_threshold ${threshold / 1000} s)`,
        fields: callFields(record),
      });
    },
    watchesBudgets: () => alerter.wants('budget_alerts'),
    budgetSettled(line, spentNano) {
      if (!alerter.wants('budget_alerts')) return;
      const reached = spentNano >= line.maxNano;
      if (!reached && (line.softNano === undefined || spentNano <= line.softNano)) return;
      const { entity, id } = line.owner;
      alerter.raise({
        type: 'budget_alerts',
        // The scope id holds the budget period: a new period alerts again.
        key: `${line.scopeId}\u0000${reached ? 'max' : 'soft'}`,
        level: reached ? 'High' : 'Medium',
        message: reached
          ? `${entity} ${id} reached its budget: ${usd(spentNano)} spent of ${usd(line.maxNano)}; its calls are refused until the budget resets or is raised`
          : `${entity} ${id} crossed its soft budget: ${usd(spentNano)} spent, soft budget ${usd(line.softNano ?? 0)}, budget ${usd(line.maxNano)}`,
        repeatAfterMs: alerter.settings?.budgetAlertTtlMs ?? 86_400_000,
      });
    },
    deploymentCooledDown(deployment, cooldownSeconds) {
      if (!alerter.wants('cooldown_deployment')) return;
      alerter.raise({
        type: 'cooldown_deployment',
        key: deployment.id,
        level: 'Medium',
        message: `Deployment ${deployment.id} of ${deployment.modelGroup} is cooling down for ${cooldownSeconds} s after failing calls`,
        fields: { 'model group': deployment.modelGroup, deployment: deployment.id, provider: deployment.provider },
      });
    },
    spendWriteFailed(summary, pendingSegments) {
      alerter.raise({
        type: 'db_exceptions',
        key: 'spend-write',
        level: 'High',
        message: `Writing spend rows to the database failed; they stay journaled on disk and are retried (${pendingSegments} journal segments waiting)`,
        fields: { error: summary.message, 'sql state': summary.sqlState },
        repeatAfterMs: 5 * 60_000,
      });
    },
    spendQuarantined(count) {
      alerter.raise({
        type: 'failed_tracking_spend',
        key: 'spend-quarantine',
        level: 'High',
        message: `${count} spend rows the database refused were moved to a quarantine file: their spend is not in the database until they are replayed`,
        repeatAfterMs: 5 * 60_000,
      });
    },
  };
}
