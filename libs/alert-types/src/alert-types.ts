/**
 * LiteLLM's alert types (`general_settings.alert_types`, the keys of `alert_to_webhook_url`). A config may name any
 * of them; Switchboard raises the ones in RAISED_ALERT_TYPES and says at start which named ones it does not.
 */
export const ALERT_TYPES = [
  'llm_exceptions',
  'llm_too_slow',
  'llm_requests_hanging',
  'budget_alerts',
  'spend_reports',
  'failed_tracking_spend',
  'db_exceptions',
  'daily_reports',
  'cooldown_deployment',
  'new_model_added',
  'outage_alerts',
  'region_outage_alerts',
  'fallback_reports',
  'new_virtual_key_created',
  'virtual_key_updated',
  'virtual_key_deleted',
  'new_team_created',
  'team_updated',
  'team_deleted',
  'new_internal_user_created',
  'internal_user_updated',
  'internal_user_deleted',
] as const;

export type AlertType = (typeof ALERT_TYPES)[number];

/** LiteLLM's alert types Switchboard does not raise (reports and outage heuristics): named in a config, they are warned of. */
const NOT_RAISED: ReadonlySet<AlertType> = new Set(['llm_requests_hanging', 'spend_reports', 'daily_reports', 'outage_alerts', 'region_outage_alerts', 'fallback_reports']);

/**
 * What Switchboard raises: the gateway's failed and slow upstream calls, budgets crossed, cooled-down deployments and
 * spend writes that fail; the backend's management events (keys, teams, users created, changed, deleted; models added).
 */
export const RAISED_ALERT_TYPES: readonly AlertType[] = ALERT_TYPES.filter((type) => !NOT_RAISED.has(type));

export const isAlertType = (name: string): name is AlertType => (ALERT_TYPES as readonly string[]).includes(name);
