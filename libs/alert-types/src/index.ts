/**
 * LiteLLM's alert types and the ones Switchboard raises: data shared by the gateway and backend (which raise and
 * parse them, libs/telemetry) and the dashboard (which offers them), so the two lists cannot drift.
 */
export { ALERT_TYPES, RAISED_ALERT_TYPES, isAlertType, type AlertType } from './alert-types.ts';
