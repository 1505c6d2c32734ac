import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Two shapes of code give every call an object map of its own, which V8 keeps in old space until the next
 * full GC: a generator function declared inside another function (its prototype and map are per closure),
 * and an object literal with an accessor (`{ get x() {...} }`, its getter a new closure each time). The
 * scavenger then keeps each request's graph alive through those maps and promotes it: at 1 connection the
 * gateway's scavenges went from under 1 ms to 10-15 ms and its heap grew by ~30 MB/s between full GCs.
 * This guard keeps both shapes out of the request path's libraries (classes' getters are fine: they live on
 * the prototype, created once).
 */
const ROOT = resolve(import.meta.dirname, '../../../..');
const HOT_LIBS = ['libs/providers/src', 'libs/data-plane/src', 'libs/router/src', 'libs/service-kit/src', 'libs/enforcement/src', 'libs/response-cache/src', 'libs/guardrails/src', 'libs/telemetry/src'];

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'testing' ? [] : sourcesUnder(path);
    return name.endsWith('.ts') && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Indented `function*` (declared inside something) or a generator IIFE. */
const NESTED_GENERATOR = /^\s+(export\s+)?(async\s+)?function\s*\*|\(\s*(async\s+)?function\s*\*/;
/** An accessor inside an object literal on one line: `{ get x() {` / `, get x() {`. */
const LITERAL_ACCESSOR = /[{,]\s*(get|set)\s+[A-Za-z_$][\w$]*\s*\(/;

describe('request-path code creates no per-call object maps', () => {
  const offenders: string[] = [];
  for (const lib of HOT_LIBS) {
    for (const file of sourcesUnder(join(ROOT, lib))) {
      readFileSync(file, 'utf8').split('\n').forEach((line, index) => {
        const code = line.replace(/\/\/.*$/, '');
        if (NESTED_GENERATOR.test(code) || LITERAL_ACCESSOR.test(code)) offenders.push(`${relative(ROOT, file)}:${index + 1}: ${line.trim()}`);
      });
    }
  }

  it('has no nested generator functions and no accessors in object literals', () => {
    expect(offenders).toEqual([]);
  });

  it('recognizes both shapes (the guard can fail)', () => {
    expect(NESTED_GENERATOR.test('    return (async function* translate() {')).toBe(true);
    expect(NESTED_GENERATOR.test('  async function* body(): AsyncGenerator<Uint8Array> {')).toBe(true);
    expect(NESTED_GENERATOR.test('async function* readBody(exchange: Exchange) {')).toBe(false);
    expect(LITERAL_ACCESSOR.test('const signals = { client, deadline: { get aborted() { return fired; } } };')).toBe(true);
    expect(LITERAL_ACCESSOR.test('  get size(): number {')).toBe(false);
  });
});
