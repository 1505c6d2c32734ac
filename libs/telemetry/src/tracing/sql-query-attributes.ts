import { DB } from './gen-ai-attributes.ts';
import type { TraceAttributes } from './tracing-types.ts';

/** Quoted identifiers and `$n` placeholders: what a statement without literals may still contain. */
const IDENTIFIERS_AND_PLACEHOLDERS = /"(?:[^"]|"")*"|\$\d+/g;
/** A string (`'...'`, `E'...'`, `$tag$...$tag$`) or a number left after those: the statement carries values. */
const LITERAL = /['$]|\b\d/;
const FIRST_KEYWORD = /^[\s(]*([A-Za-z]+)/;

/**
 * A PostgreSQL query's span name and attributes: `db.operation` is the statement's first keyword, and
 * `db.statement` the text only when it holds no literal (a parameterized query); the parameters never.
 */
export function sqlQueryAttributes(statement: string): { name: string; attributes: TraceAttributes } {
  const operation = FIRST_KEYWORD.exec(statement)?.[1]?.toUpperCase() ?? 'QUERY';
  const withoutLiterals = !LITERAL.test(statement.replace(IDENTIFIERS_AND_PLACEHOLDERS, ''));
  return {
    name: operation,
    attributes: { [DB.system]: 'postgresql', [DB.operation]: operation, ...(withoutLiterals ? { [DB.statement]: statement } : {}) },
  };
}
