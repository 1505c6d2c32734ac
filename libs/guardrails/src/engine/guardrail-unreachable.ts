/**
 * Thrown by a guardrail that could not decide: its service was unreachable, timed out, answered an error
 * status or a body that does not follow its API. The message is safe to show (no URL, no text checked).
 */
export class GuardrailUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GuardrailUnreachable';
  }
}
