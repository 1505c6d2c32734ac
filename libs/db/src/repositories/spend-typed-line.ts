import type { ValidSpendRow } from './spend.ts';

/**
 * A spend row's typed journal line: its 25 fields in this order, separated by tabs, `\N` for null. PostgreSQL
 * takes a batch of them with `string_to_table`, `string_to_array` and one cast per field (insertSpendLines): about
 * a third less of its CPU per row than parsing the same rows as JSON (`jsonb_to_recordset`), and on a host it
 * shares with the gateway that CPU is the gateway's. Unlike COPY's text format there are no escapes: a text field
 * holding a tab, a newline or exactly `\N` cannot be written this way, and its row is journaled as a JSON line
 * instead (rare: an end user id or a team id with a tab in it). JSON fields are JSON.stringify's text, which never
 * holds a raw tab or newline. A line never starts with `{` (its first field is a UUID), so JSON lines and typed
 * lines can share a journal.
 *
 * The insert statement's column lists (TYPED_COLUMNS, JSON_COLUMNS) are written out; a test holds them to this list.
 */
export const SPEND_LINE_FIELDS = [
  { name: 'requestId', pgType: 'uuid', kind: 'text' },
  { name: 'responseId', pgType: 'text', kind: 'text' },
  { name: 'parentRequestId', pgType: 'uuid', kind: 'text' },
  { name: 'startTime', pgType: 'timestamptz', kind: 'time' },
  { name: 'endTime', pgType: 'timestamptz', kind: 'time' },
  { name: 'timeToFirstTokenMs', pgType: 'integer', kind: 'number' },
  { name: 'keyHash', pgType: 'text', kind: 'text' },
  { name: 'userId', pgType: 'text', kind: 'text' },
  { name: 'teamId', pgType: 'text', kind: 'text' },
  { name: 'organizationId', pgType: 'text', kind: 'text' },
  { name: 'endUser', pgType: 'text', kind: 'text' },
  { name: 'model', pgType: 'text', kind: 'text' },
  { name: 'modelGroup', pgType: 'text', kind: 'text' },
  { name: 'provider', pgType: 'text', kind: 'text' },
  { name: 'deploymentId', pgType: 'text', kind: 'text' },
  { name: 'callType', pgType: 'text', kind: 'text' },
  { name: 'promptTokens', pgType: 'integer', kind: 'number' },
  { name: 'completionTokens', pgType: 'integer', kind: 'number' },
  { name: 'totalTokens', pgType: 'integer', kind: 'number' },
  { name: 'spend', pgType: 'numeric', kind: 'text' },
  { name: 'status', pgType: 'text', kind: 'text' },
  { name: 'cacheHit', pgType: 'boolean', kind: 'boolean' },
  { name: 'metadata', pgType: 'jsonb', kind: 'json' },
  { name: 'requestBody', pgType: 'jsonb', kind: 'body' },
  { name: 'responseBody', pgType: 'jsonb', kind: 'body' },
] as const;

/** The null of a typed line's field. */
export const TYPED_NULL = '\\N';
const SEPARATOR = /[\t\n]/;

/** Whether `text` can be a typed line's field as it is (see SPEND_LINE_FIELDS). */
export const isTypedLineText = (text: string): boolean => text !== TYPED_NULL && !SEPARATOR.test(text);

/**
 * A valid row's typed line (no newline at the end); undefined when a text field cannot be written as it is (see
 * SPEND_LINE_FIELDS): the row then goes as its JSON line.
 */
export function typedSpendLineOf(row: ValidSpendRow): string | undefined {
  const fields: string[] = [];
  const values = row as unknown as Record<string, unknown>;
  for (const field of SPEND_LINE_FIELDS) {
    const value = values[field.name];
    if (value === undefined || value === null) fields.push(TYPED_NULL);
    else if (field.kind === 'json' || field.kind === 'body') fields.push(JSON.stringify(value));
    else if (value instanceof Date) fields.push(value.toISOString());
    else if (typeof value === 'string') {
      if (!isTypedLineText(value)) return undefined;
      fields.push(value);
    } else fields.push(String(value));
  }
  return fields.join('\t');
}

/** A valid row's journal line: its typed line, or its JSON line when a text field cannot be typed. */
export function journalLineOf(row: ValidSpendRow): string {
  return typedSpendLineOf(row) ?? JSON.stringify(row);
}

/**
 * The event a typed line holds, as its JSON line would parse (nulls as null, dates as ISO text, metadata and
 * request and response bodies left out when null), for the journal's reading (which validates it) and for
 * quarantine. Throws on a line that is no typed line (a torn last line: too few fields, or a JSON field cut short).
 */
export function eventOfTypedSpendLine(line: string): Record<string, unknown> {
  const fields = line.split('\t');
  if (fields.length !== SPEND_LINE_FIELDS.length) throw new Error(`a typed spend line has ${SPEND_LINE_FIELDS.length} fields, this one ${fields.length}`);
  const event: Record<string, unknown> = {};
  SPEND_LINE_FIELDS.forEach((field, i) => {
    const text = fields[i] as string;
    if (text === TYPED_NULL) {
      // A row's metadata is never null (it defaults to {}) and its bodies are left out when unset, as in its JSON line.
      if (field.kind === 'text' || field.kind === 'number') event[field.name] = null;
      return;
    }
    if (field.kind === 'json' || field.kind === 'body') event[field.name] = JSON.parse(text);
    else if (field.kind === 'number') event[field.name] = text === '' ? Number.NaN : Number(text);
    else if (field.kind === 'boolean') event[field.name] = text === 'true' ? true : text === 'false' ? false : text;
    else event[field.name] = text;
  });
  return event;
}

/** The event of a journal line of either kind: a JSON line (`{…}`) or a typed line. Throws on a torn line. */
export function eventOfSpendLine(line: string): unknown {
  return line.startsWith('{') ? JSON.parse(line) : eventOfTypedSpendLine(line);
}
