import { randomUUID } from 'node:crypto';

/**
 * Gemini 3 refuses a conversation whose earlier function calls come back without the `thoughtSignature`
 * it attached to them. OpenAI clients keep only a tool call's id, so the signature travels inside it:
 * `call_<random>__thought__<signature>` (the scheme LiteLLM uses), and is taken out again on the way back.
 */
const SEPARATOR = '__thought__';

export function geminiToolCallId(ownId: string | null | undefined, signature: string | null | undefined): string {
  const id = ownId ?? `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`;
  return signature ? `${id}${SEPARATOR}${signature}` : id;
}

/** The signature carried in a tool call id, if any. */
export function thoughtSignatureOf(toolCallId: string): string | undefined {
  const at = toolCallId.indexOf(SEPARATOR);
  return at === -1 ? undefined : toolCallId.slice(at + SEPARATOR.length) || undefined;
}
