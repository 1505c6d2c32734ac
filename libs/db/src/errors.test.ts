import { describe, expect, it } from 'vitest';
import { databaseErrorSummary, isDataRefusal } from './errors.ts';

/** A pg error as drizzle wraps it: its message holds the query and every parameter. */
const wrapped = (code: string, message: string) => Object.assign(new Error(`Failed query: insert … params: {"secret-ish":"rows"}`), { cause: Object.assign(new Error(message), { code }) });

describe('database errors', () => {
  it('tells a refusal of the data (classes 22 and 54) from an outage or a conflict', () => {
    expect(isDataRefusal(wrapped('22P05', 'unsupported Unicode escape sequence'))).toBe(true);
    expect(isDataRefusal(wrapped('54001', 'stack depth limit exceeded'))).toBe(true);
    expect(isDataRefusal(wrapped('23505', 'duplicate key'))).toBe(false);
    expect(isDataRefusal(wrapped('57P01', 'terminating connection'))).toBe(false);
    expect(isDataRefusal(new Error('connect ECONNREFUSED'))).toBe(false);
  });

  it("summarizes for a log line with the server's message, never the query or its parameters", () => {
    expect(databaseErrorSummary(wrapped('22P05', 'unsupported Unicode escape sequence'))).toEqual({ sqlState: '22P05', message: 'unsupported Unicode escape sequence' });
    expect(databaseErrorSummary(new Error('x'.repeat(1_000))).message).toHaveLength(301);
  });
});
