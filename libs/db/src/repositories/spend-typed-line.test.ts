import { describe, expect, it } from 'vitest';
import { spendRowSchema } from './spend.ts';
import { eventOfSpendLine, eventOfTypedSpendLine, SPEND_LINE_FIELDS, typedSpendLineOf } from './spend-typed-line.ts';

const row = spendRowSchema.parse({
  requestId: '01890000-0000-7000-8000-000000000001',
  responseId: 'chatcmpl-1',
  startTime: '2026-12-06T07:00:00.000Z',
  endTime: '2026-12-06T07:00:00.250Z',
  timeToFirstTokenMs: 12,
  keyHash: 'a'.repeat(64),
  endUser: 'ünïcode \\ back slash 🙂',
  model: 'gpt-4o-mini',
  promptTokens: 3,
  completionTokens: 4,
  totalTokens: 7,
  spend: '0.0000012',
  status: 'success',
  metadata: { note: 'line\nbreak\ttab "quoted"', nested: [1, null] },
  requestBody: { messages: [{ role: 'user', content: 'hi\n' }] },
});

describe('typed spend lines', () => {
  it('hold one field per column, tab-separated, on one line', () => {
    const line = typedSpendLineOf(row) as string;
    expect(line.split('\t')).toHaveLength(SPEND_LINE_FIELDS.length);
    expect(line).not.toContain('\n');
    expect(line.startsWith('{')).toBe(false);
  });

  /** A row as JSON has it, unset fields (left out or null) left out. */
  const asJson = (value: unknown) => JSON.parse(JSON.stringify(value, (_key, inner: unknown) => (inner === null ? undefined : inner))) as unknown;

  it('read back as the same row (an unset field as null), whose line is the same line', () => {
    const bare = spendRowSchema.parse({ requestId: row.requestId, startTime: row.startTime, endTime: row.endTime, model: 'm', spend: '0', status: 'failure' });
    for (const written of [row, bare]) {
      const line = typedSpendLineOf(written) as string;
      const back = spendRowSchema.parse(eventOfTypedSpendLine(line));
      expect(asJson(back)).toEqual(asJson(written));
      expect(typedSpendLineOf(back)).toBe(line);
    }
  });

  it('cannot hold a text field with a tab or a newline, or that is the null marker: the row goes as JSON', () => {
    for (const endUser of ['a\tb', 'a\nb', '\\N']) expect(typedSpendLineOf({ ...row, endUser })).toBeUndefined();
    expect(typedSpendLineOf({ ...row, endUser: '\\N ' })).toBeDefined();
  });

  it('refuse a torn line (a crash mid-write): too few fields, or a JSON field cut short', () => {
    const line = typedSpendLineOf(row) as string;
    for (let cut = 1; cut < line.length; cut += 7) expect(() => eventOfTypedSpendLine(line.slice(0, cut))).toThrow();
    expect(() => eventOfTypedSpendLine(line.slice(0, line.length - 1))).toThrow();
  });

  it('share a journal with JSON lines: each line is read by its kind', () => {
    expect(eventOfSpendLine(JSON.stringify(row))).toEqual(JSON.parse(JSON.stringify(row)));
    expect(asJson(eventOfSpendLine(typedSpendLineOf(row) as string))).toEqual(asJson(row));
    expect(() => eventOfSpendLine('{"torn":')).toThrow();
  });
});
