const MAX_REASON = 300;
const SHINGLE = 8;
/** Past this much checked text, the comparison costs too much for a reason string: the reason is dropped. */
const MAX_COMPARED_TEXT = 64 * 1024;

/**
 * A reason a guardrail service gave, fit to show the client: shortened, and dropped when it quotes the
 * checked text (any 8 characters in a row of it), since services like to say what they found and that may
 * be the secret itself.
 */
export function safeRemoteReason(reason: string | null | undefined, texts: readonly string[]): string | undefined {
  const trimmed = reason?.trim().slice(0, MAX_REASON);
  if (!trimmed) return undefined;
  const total = texts.reduce((sum, text) => sum + text.length, 0);
  if (total > MAX_COMPARED_TEXT) return undefined;
  if (trimmed.length < SHINGLE) return texts.some((text) => text.includes(trimmed)) ? undefined : trimmed;
  const shingles = new Set<string>();
  for (let i = 0; i + SHINGLE <= trimmed.length; i++) shingles.add(trimmed.slice(i, i + SHINGLE));
  for (const text of texts) {
    for (let i = 0; i + SHINGLE <= text.length; i++) if (shingles.has(text.slice(i, i + SHINGLE))) return undefined;
  }
  return trimmed;
}
