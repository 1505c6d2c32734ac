import { findSecrets } from './find-secrets.ts';

/**
 * The text with every credential shape `findSecrets` knows replaced by `[REDACTED]`: what traces and logging
 * sinks record of a prompt or an answer, whatever guardrails are configured.
 */
export function redactSecrets(text: string): string {
  const spans = findSecrets(text).sort((a, b) => a.start - b.start);
  if (spans.length === 0) return text;
  let out = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // inside one already redacted
    out += `${text.slice(at, span.start)}[REDACTED]`;
    at = span.end;
  }
  return out + text.slice(at);
}
