/**
 * A bad `guardrails:` entry, found at startup. The message names the entry (index and name) and the
 * field, e.g. `guardrails[2] "pii-guard": litellm_params.mode: ...`; `entry` and `field` carry the same.
 */
export class GuardrailConfigError extends Error {
  constructor(
    readonly entry: string,
    readonly field: string,
    problem: string,
  ) {
    super(`${entry}: ${field}: ${problem}`);
    this.name = 'GuardrailConfigError';
  }
}
