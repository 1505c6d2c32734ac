import { describe, expect, it } from 'vitest';
import { DatabaseConfigError } from './database-config-error.ts';
import { checkSchemaName, searchPathOption } from './schema-name.ts';

describe('searchPathOption', () => {
  it('quotes a plain schema', () => {
    expect(searchPathOption('public')).toBe('-c search_path="public"');
  });

  it('keeps an injected option inside the one quoted, escaped value', () => {
    // The server splits `options` on unescaped whitespace, so every space must be escaped to stay in the value.
    expect(searchPathOption('x -c statement_timeout=1')).toBe('-c search_path="x\\ -c\\ statement_timeout=1"');
  });

  it('doubles embedded quotes and escapes backslashes', () => {
    expect(searchPathOption('a"b\\c')).toBe('-c search_path="a""b\\\\c"');
  });
});

describe('checkSchemaName', () => {
  it('accepts names Postgres can hold as quoted identifiers', () => {
    for (const name of ['public', 'Tenant-A', 'my schema', 'ünïcode']) {
      expect(checkSchemaName(name, 'DATABASE_SCHEMA')).toBe(name);
    }
  });

  it.each(['', 'a\u0000b', 'tab\there', 'x'.repeat(64)])('refuses %j, naming the variable', (name) => {
    expect(() => checkSchemaName(name, 'DATABASE_SCHEMA')).toThrow(DatabaseConfigError);
    expect(() => checkSchemaName(name, 'DATABASE_SCHEMA')).toThrow(/DATABASE_SCHEMA/);
  });
});
