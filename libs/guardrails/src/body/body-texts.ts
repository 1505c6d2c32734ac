import type { GuardedText } from '../guardrail.ts';
import type { JsonRecord, TextMapper } from './text-mapper.ts';

/** Maps every text of one body shape, returning the same object when nothing changed. */
export type BodyTextMapper = (body: JsonRecord, map: TextMapper) => JsonRecord;

/** The body's texts in a fixed order. */
export function collectTexts(mapper: BodyTextMapper, body: JsonRecord): GuardedText[] {
  const texts: GuardedText[] = [];
  mapper(body, (text, role, part) => {
    texts.push(role === undefined ? { text, part } : { text, role, part });
    return text;
  });
  return texts;
}

/** A copy of the body with its texts replaced, in the order collectTexts gave them; unchanged parts are shared. */
export function replaceTexts(mapper: BodyTextMapper, body: JsonRecord, texts: readonly string[]): JsonRecord {
  let i = 0;
  const out = mapper(body, (text) => texts[i++] ?? text);
  if (i !== texts.length) throw new Error(`the body has ${i} texts, ${texts.length} were given`);
  return out;
}
