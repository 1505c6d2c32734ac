/** A key's or team's enforced guardrails, kept in its metadata by the management API, as the form's text. */
export function guardrailsOf(metadata: Record<string, unknown> | undefined): string {
  const names = metadata?.guardrails;
  return Array.isArray(names) ? names.filter((name): name is string => typeof name === 'string').join(', ') : '';
}
