/**
 * The alert types Switchboard raises (libs/telemetry's RAISED_ALERT_TYPES, held equal by alert-types.test.ts), in
 * the order the settings page lists them, with what each one means to an operator.
 */
export const ALERT_TYPE_LABELS: ReadonlyArray<readonly [type: string, label: string]> = [
  ['llm_exceptions', 'Upstream calls that fail (credentials refused, rate limited, timed out, down)'],
  ['llm_too_slow', 'Calls slower than the threshold'],
  ['cooldown_deployment', 'A deployment put in cooldown'],
  ['budget_alerts', 'Soft budgets crossed, budgets reached'],
  ['db_exceptions', 'Spend rows the database did not take (kept on disk, retried)'],
  ['failed_tracking_spend', 'Spend rows the database refused (quarantined)'],
  ['new_model_added', 'Models added'],
  ['new_virtual_key_created', 'Virtual keys created'],
  ['virtual_key_updated', 'Virtual keys changed'],
  ['virtual_key_deleted', 'Virtual keys deleted'],
  ['new_team_created', 'Teams created'],
  ['team_updated', 'Teams changed'],
  ['team_deleted', 'Teams deleted'],
  ['new_internal_user_created', 'Users created'],
  ['internal_user_updated', 'Users changed'],
  ['internal_user_deleted', 'Users deleted'],
];
