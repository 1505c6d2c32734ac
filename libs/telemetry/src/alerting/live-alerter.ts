import { alertSettingsWithOverrides, type AlertSettings } from './alert-settings.ts';
import { Alerter, type AlerterOptions } from './alerter.ts';
import { TelemetryConfigError } from '../settings/telemetry-config-error.ts';

/** pino's `warn`/`error` (object, message) and `warn` (message) signatures, so a service's logger fits as is. */
export interface AlertingLogger {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

export interface LiveAlerter {
  alerter: Alerter;
  /** `/config/update`'s stored `general_settings` over the file's; settings that cannot work here leave the ones before. Returns those in force. */
  applyStored(stored: Readonly<Record<string, unknown>> | undefined): AlertSettings | undefined;
}

/**
 * The Slack alerter of a service (gateway or backend): the config file's alerting settings, checked at start (a
 * setting that cannot work stops it: TelemetryConfigError names it; warnings are logged), then `/config/update`'s
 * laid over them whenever the service reads them again.
 */
export function createLiveAlerter(
  fileGeneral: Readonly<Record<string, unknown>>,
  env: Readonly<Record<string, string | undefined>>,
  options: Omit<AlerterOptions, 'logger'> & { logger: AlertingLogger },
): LiveAlerter {
  const file = alertSettingsWithOverrides(fileGeneral, undefined, env);
  if (file.problems.length > 0) throw new TelemetryConfigError(file.problems);
  for (const warning of file.warnings) options.logger.warn({}, `alerting: ${warning}`);
  const alerter = new Alerter(file.settings, options);
  return {
    alerter,
    applyStored(stored) {
      const next = alertSettingsWithOverrides(fileGeneral, stored, env);
      // The backend checked them before storing: problems here mean another environment (a webhook variable unset here).
      if (next.problems.length > 0) options.logger.error({ problems: next.problems }, 'the stored alerting settings cannot work here; alerting keeps the settings before');
      else alerter.update(next.settings);
      return alerter.settings;
    },
  };
}
