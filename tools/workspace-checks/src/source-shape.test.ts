import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWorkspace, type SourceFile } from './dependency-rules.ts';

const workspaceRoot = resolve(import.meta.dirname, '../../..');
const isSource = (file: SourceFile) => !/\.test\.tsx?$/.test(file.path) && !file.path.includes('/testing/');
const sources = loadWorkspace(workspaceRoot).files.filter(isSource);
const linesOf = (files: SourceFile[]) => files.flatMap((file) => file.text.split('\n').map((text, i) => ({ at: `${file.path}:${i + 1}`, text })));

/**
 * Two shapes of code give every call an object map of its own, which V8 keeps in old space until the next
 * full GC: a generator function declared inside another function (its prototype and map are per closure),
 * and an object literal with an accessor (`{ get x() {...} }`, its getter a new closure each time). The
 * scavenger then keeps each request's graph alive through those maps and promotes it: at 1 connection the
 * gateway's scavenges went from under 1 ms to 10-15 ms and its heap grew by ~30 MB/s between full GCs.
 * This guard keeps both shapes out of the request path's libraries (classes' getters are fine: they live on
 * the prototype, created once).
 */
const HOT_LIBS = ['libs/providers/', 'libs/data-plane/', 'libs/router/', 'libs/service-kit/', 'libs/enforcement/', 'libs/response-cache/', 'libs/guardrails/', 'libs/telemetry/', 'libs/limits/'];
/** Indented `function*` (declared inside something) or a generator IIFE. */
const NESTED_GENERATOR = /^\s+(export\s+)?(async\s+)?function\s*\*|\(\s*(async\s+)?function\s*\*/;
/** An accessor inside an object literal on one line: `{ get x() {` / `, get x() {`. */
const LITERAL_ACCESSOR = /[{,]\s*(get|set)\s+[A-Za-z_$][\w$]*\s*\(/;

describe('request-path code creates no per-call object maps', () => {
  it('has no nested generator functions and no accessors in object literals', () => {
    const hot = sources.filter((file) => HOT_LIBS.some((lib) => file.path.startsWith(lib)));
    expect(hot.length).toBeGreaterThan(50);
    const offenders = linesOf(hot)
      .filter(({ text }) => {
        const code = text.replace(/\/\/.*$/, '');
        return NESTED_GENERATOR.test(code) || LITERAL_ACCESSOR.test(code);
      })
      .map(({ at, text }) => `${at}: ${text.trim()}`);
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

/** A bare `require(...)` works in the bundles and under vitest, and throws under tsx (`npm start`): only loadOnUse may call it. */
const BARE_REQUIRE = /(^|[^\w.$])require\(\s*['"]/;
const COMMENT_LINE = /^\s*(\*|\/\*)/;
const IN_LOAD_ON_USE = /\(\) => require\(/;

describe('no bare require in the services\' source', () => {
  it('finds every require( call inside a loadOnUse thunk', () => {
    const services = sources.filter((file) => /^(libs|apps)\/[^/]+\/src\//.test(file.path));
    const offenders = linesOf(services)
      .filter(({ text }) => !COMMENT_LINE.test(text) && BARE_REQUIRE.test(text.replace(/\/\/.*$/, '')) && !IN_LOAD_ON_USE.test(text))
      .map(({ at, text }) => `${at}: ${text.trim()}`);
    expect(offenders).toEqual([]);
  });

  it('tells a bare require from one inside loadOnUse (the guard can fail)', () => {
    expect(BARE_REQUIRE.test("const x = require('yaml');") && !IN_LOAD_ON_USE.test("const x = require('yaml');")).toBe(true);
    expect(IN_LOAD_ON_USE.test("loadOnUse(() => require('yaml'), 'yaml')")).toBe(true);
  });
});
