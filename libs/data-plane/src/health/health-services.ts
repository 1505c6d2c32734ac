import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';
import type { Alerter, AlertType } from '@switchboard/telemetry';

/** What `/health/services` tests: the alerting and the config's logging callbacks, as this gateway runs them. */
export interface ServiceChecks {
  /** Slack alerting, whose settings `/config/update` may change (undefined settings: off). */
  alerter?: Pick<Alerter, 'settings' | 'raise' | 'flush'>;
  /**
   * Sends the config's logging callback of this name one test log through its own transport: undefined when it
   * took it, what went wrong when it did not, `not_configured` when no callback has the name.
   */
  testCallback?(name: string): Promise<string | undefined | 'not_configured'>;
}

/** The services LiteLLM's `/health/services` takes (its `service` query). */
const SERVICES: ReadonlySet<string> = new Set([
  'slack_budget_alerts', 'slack', 'email', 'webhook', 'langfuse', 'langfuse_otel', 'openmeter', 'braintrust', 'otel', 'custom_callback_api',
  'langsmith', 'datadog', 'datadog_metrics', 'datadog_llm_observability', 'generic_api', 'arize', 'sqs',
]);

const notConfigured = (service: string) => new HttpError(422, `"${service}" not in proxy config: general_settings. Unable to test this.`, { param: 'service', code: 'service_not_configured' });

/**
 * LiteLLM's `GET /health/services?service=` (proxy admins): `slack` (or `slack_budget_alerts`) sends one test alert
 * to each Slack webhook alerting posts to, naming the alert types it receives, and answers once they were sent; a
 * logging callback's name sends that callback one test log. LiteLLM makes a mock completion for a callback and
 * answers success whatever became of it; here the answer says whether the sink took the log. A service that is not
 * configured is LiteLLM's 422; one LiteLLM does not know, its 400.
 */
export function healthServices(checks: ServiceChecks): RequestHandler {
  return async function healthServices(req, res) {
    const service = typeof req.query.service === 'string' ? req.query.service : '';
    if (service === '') throw new HttpError(400, 'Service must be specified.', { param: 'service', code: 'service_required' });
    if (!SERVICES.has(service)) throw new HttpError(400, `Service must be in list. Service=${service} not in ${[...SERVICES].join(', ')}`, { param: 'service', code: 'unknown_service' });
    if (service === 'slack' || service === 'slack_budget_alerts') {
      res.json(await testSlack(checks.alerter, service));
      return;
    }
    if (!checks.testCallback) throw notConfigured(service);
    const problem = await checks.testCallback(service);
    if (problem === 'not_configured') throw notConfigured(service);
    res.json(problem === undefined ? { status: 'success', message: `A test log was delivered to ${service}; check that it arrived.` } : { status: 'unhealthy', message: problem });
  };
}

/** One test alert per set of webhooks (types that post to the same webhooks share it), sent before the answer. */
async function testSlack(alerter: ServiceChecks['alerter'], service: string): Promise<Record<string, unknown>> {
  const settings = alerter?.settings;
  if (!alerter || !settings) throw notConfigured(service);
  const byWebhooks = new Map<string, AlertType[]>();
  for (const type of settings.types) {
    const webhooks = settings.destinations.get(type);
    if (!webhooks || webhooks.length === 0) continue;
    const key = [...webhooks].sort().join('\n');
    byWebhooks.set(key, [...(byWebhooks.get(key) ?? []), type]);
  }
  // A fresh key each time: a test is never held back as a repeat of the one before.
  const test = randomUUID();
  for (const types of byWebhooks.values()) {
    alerter.raise({ type: types[0] as AlertType, key: `health-services-test:${test}`, level: 'Low', message: 'Test alert from /health/services: alerting reaches this channel.', fields: { 'Alert types sent here': types.join(', ') } });
  }
  await alerter.flush();
  return { status: 'success', alert_types: [...settings.types], message: 'Mock Slack Alert sent, verify Slack Alert Received on your channel' };
}
