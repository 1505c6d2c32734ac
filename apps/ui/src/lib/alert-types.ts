import { RAISED_ALERT_TYPES, type AlertType } from '@switchboard/alert-types';

/** What each alert type means to an operator; typed over all of LiteLLM's, so a new one cannot go unlabelled. */
const LABELS: Record<AlertType, string> = {
  llm_exceptions: 'Upstream calls that fail (credentials refused, rate limited, timed out, down)',
  llm_too_slow: 'Calls slower than the threshold',
  llm_requests_hanging: 'Calls still hanging past the threshold',
  budget_alerts: 'Soft budgets crossed, budgets reached',
  spend_reports: 'Spend reports',
  failed_tracking_spend: 'Spend rows the database refused (quarantined)',
  db_exceptions: 'Spend rows the database did not take (kept on disk, retried)',
  daily_reports: 'Daily reports',
  cooldown_deployment: 'A deployment put in cooldown',
  new_model_added: 'Models added',
  outage_alerts: 'Outages',
  region_outage_alerts: 'Regional outages',
  fallback_reports: 'Fallback reports',
  new_virtual_key_created: 'Virtual keys created',
  virtual_key_updated: 'Virtual keys changed',
  virtual_key_deleted: 'Virtual keys deleted',
  new_team_created: 'Teams created',
  team_updated: 'Teams changed',
  team_deleted: 'Teams deleted',
  new_internal_user_created: 'Users created',
  internal_user_updated: 'Users changed',
  internal_user_deleted: 'Users deleted',
};

/** The alert types Switchboard raises (libs/alert-types), in LiteLLM's order, with their labels: what the settings page offers. */
export const ALERT_TYPE_LABELS: ReadonlyArray<readonly [type: AlertType, label: string]> = RAISED_ALERT_TYPES.map((type) => [type, LABELS[type]] as const);
