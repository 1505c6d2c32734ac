/**
 * A failed request's error as its spend log keeps it (LiteLLM's `metadata.error_information`): the exception class,
 * the status and the message the client got, in one line; undefined for a request that did not fail or a log
 * written before the gateway kept it.
 */
export function errorOf(metadata: Record<string, unknown> | null | undefined): string | undefined {
  const info = metadata?.error_information;
  if (typeof info !== 'object' || info === null) return undefined;
  const { error_class: errorClass, error_code: code, error_message: message } = info as Record<string, unknown>;
  const head = [typeof errorClass === 'string' ? errorClass : undefined, typeof code === 'string' ? `(${code})` : undefined].filter(Boolean).join(' ');
  const line = [head, typeof message === 'string' ? message : ''].filter(Boolean).join(': ');
  return line === '' ? undefined : line;
}
