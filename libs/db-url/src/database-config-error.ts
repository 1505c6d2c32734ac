/**
 * The one error this lib throws. `variables` names the environment variables to fix, so callers (and
 * tests) can act on it without parsing the message. Messages never carry a password, token or a URL with
 * credentials: they end up in startup logs and crash reports.
 */
export class DatabaseConfigError extends Error {
  readonly variables: readonly string[];

  constructor(variables: string | readonly string[], message: string) {
    super(message);
    this.name = 'DatabaseConfigError';
    this.variables = typeof variables === 'string' ? [variables] : [...variables];
  }

  /** The first variable named, for the common single-variable case. */
  get variable(): string {
    return this.variables[0] ?? '';
  }
}
