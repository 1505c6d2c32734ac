import { describe, expect, it } from 'vitest';
import { PgDialect } from 'drizzle-orm/pg-core';
import { JSON_COLUMNS, jsonArrayOfLines, linesByKind, TYPED_COLUMNS } from './spend-insert.ts';
import { SPEND_LINE_FIELDS } from './spend-typed-line.ts';

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

describe('linesByKind', () => {
  const typed = ['01890000-0000-7000-8000-000000000001\tx', '01890000-0000-7000-8000-000000000002\ty'];
  const json = ['{"a":1}', '{"b":"{"}'];

  it('sends a batch of typed lines only as it is, the same bytes', () => {
    const bytes = Buffer.from(`${typed.join('\n')}\n`, 'utf8');
    const kinds = linesByKind(bytes);
    expect(kinds.typed).toBe(bytes);
    expect(JSON.parse(String(kinds.json))).toEqual([]);
  });

  it('splits a mixed batch by the first character of each line, in order', () => {
    for (const lines of [`${json[0]}\n${typed[0]}\n${json[1]}\n${typed[1]}\n`, `${typed[0]}\n${json[0]}\n${json[1]}\n${typed[1]}`]) {
      const kinds = linesByKind(lines);
      expect(String(kinds.typed)).toBe(typed.join('\n'));
      expect(JSON.parse(String(kinds.json))).toEqual([{ a: 1 }, { b: '{' }]);
    }
  });
});

describe('the insert\'s column lists', () => {
  const text = (fragment: typeof TYPED_COLUMNS) => new PgDialect().sqlToQuery(fragment).sql;

  it('are SPEND_LINE_FIELDS, in order, with their types', () => {
    expect(text(TYPED_COLUMNS)).toBe(SPEND_LINE_FIELDS.map((field, i) => `f[${i + 1}]::${field.pgType} as "${field.name}"`).join(', '));
    expect(text(JSON_COLUMNS)).toBe(SPEND_LINE_FIELDS.map((field) => `"${field.name}" ${field.pgType}`).join(', '));
  });
});
