/**
 * Cuts the reply into stream pieces: `chunks` nearly equal pieces when configured (by code point, so
 * no emoji is split), else one piece per word with its trailing space, like token-ish deltas.
 */
export function splitReply(text: string, chunks?: number | null): string[] {
  if (text === '') return [''];
  if (!chunks) return text.split(/(?<=\s)(?=\S)/);
  const codePoints = Array.from(text);
  const count = Math.min(chunks, codePoints.length);
  const pieces: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = Math.floor((i * codePoints.length) / count);
    const end = Math.floor(((i + 1) * codePoints.length) / count);
    pieces.push(codePoints.slice(start, end).join(''));
  }
  return pieces;
}
