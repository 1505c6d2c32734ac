/** Telemetry settings that cannot start: each problem names the setting (`LANGFUSE_SECRET_KEY`, `litellm_settings.callbacks[2]`). */
export class TelemetryConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Telemetry settings: ${problems.join('; ')}`);
    this.name = 'TelemetryConfigError';
  }
}
