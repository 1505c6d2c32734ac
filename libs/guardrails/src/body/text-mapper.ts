import type { TextPart } from '../guardrail.ts';

/** Called for each text of a body in a fixed order; returns the text to put in its place. */
export type TextMapper = (text: string, role: string | undefined, part: TextPart) => string;

export type JsonRecord = Record<string, unknown>;

export const isRecord = (value: unknown): value is JsonRecord => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The array with each item mapped; the same array when no item changed (bodies are copied on write only). */
export function mapItems(items: readonly unknown[], map: (item: unknown) => unknown): readonly unknown[] {
  let out: unknown[] | undefined;
  items.forEach((item, i) => {
    const next = map(item);
    if (next !== item) (out ??= items.slice())[i] = next;
  });
  return out ?? items;
}

/** The record with one field replaced; the same record when the value did not change. */
export function withField<T extends JsonRecord>(record: T, key: string, value: unknown): T {
  return record[key] === value ? record : { ...record, [key]: value };
}

/** Every string inside a JSON value (not the keys): for tool inputs given as objects (Anthropic's `tool_use.input`). */
export function mapStringLeaves(value: unknown, map: (text: string) => string): unknown {
  if (typeof value === 'string') return map(value);
  if (Array.isArray(value)) return mapItems(value, (item) => mapStringLeaves(item, map));
  if (!isRecord(value)) return value;
  let out: JsonRecord | undefined;
  for (const [key, item] of Object.entries(value)) {
    const next = mapStringLeaves(item, map);
    if (next !== item) (out ??= { ...value })[key] = next;
  }
  return out ?? value;
}

/** Content part types whose `text` is text: Chat (`text`), Responses (`input_text`, `output_text`), Anthropic (`text`). */
const TEXT_PART_TYPES: ReadonlySet<string> = new Set(['text', 'input_text', 'output_text']);

/**
 * A message's content: a string, or a list of parts whose text parts (and refusals) are texts. Images,
 * audio, files and signed thinking blocks are left alone.
 */
export function mapContent(content: unknown, role: string | undefined, part: TextPart, map: TextMapper): unknown {
  if (typeof content === 'string') return map(content, role, part);
  if (!Array.isArray(content)) return content;
  return mapItems(content, (item) => {
    if (!isRecord(item)) return item;
    if (typeof item.text === 'string' && typeof item.type === 'string' && TEXT_PART_TYPES.has(item.type)) return withField(item, 'text', map(item.text, role, part));
    if (item.type === 'refusal' && typeof item.refusal === 'string') return withField(item, 'refusal', map(item.refusal, role, part));
    return item;
  });
}
