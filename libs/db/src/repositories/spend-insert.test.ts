import { describe, expect, it } from 'vitest';
import { jsonArrayOfLines } from './spend-insert.ts';

describe('jsonArrayOfLines', () => {
  const rows = [{ requestId: 'a', text: 'line\nbreak "quoted" \\ é 🙂' }, { requestId: 'b' }, { requestId: 'c', n: 1 }];
  const lines = `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

  it('is the JSON array of the lines, from text or from bytes', () => {
    expect(JSON.parse(jsonArrayOfLines(lines).toString('utf8'))).toEqual(rows);
    expect(JSON.parse(jsonArrayOfLines(Buffer.from(lines, 'utf8')).toString('utf8'))).toEqual(rows);
  });

  it('drops every newline at the end, with or without one', () => {
    expect(jsonArrayOfLines('{"a":1}').toString()).toBe('[{"a":1}]');
    expect(jsonArrayOfLines('{"a":1}\n\n\n').toString()).toBe('[{"a":1}]');
    expect(jsonArrayOfLines('').toString()).toBe('[]');
  });

  it('leaves the caller\'s bytes as they are', () => {
    const bytes = Buffer.from(lines, 'utf8');
    const before = Buffer.from(bytes);
    jsonArrayOfLines(bytes);
    expect(bytes.equals(before)).toBe(true);
  });

  it('keeps an empty line between rows as an empty element, which the database refuses as before', () => {
    expect(jsonArrayOfLines('{"a":1}\n\n{"b":2}\n').toString()).toBe('[{"a":1},,{"b":2}]');
  });
});
