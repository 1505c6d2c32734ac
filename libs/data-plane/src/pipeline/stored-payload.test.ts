import { describe, expect, it } from 'vitest';
import { storedPayload } from './stored-payload.ts';

const keep = (text: string) => text;

describe('storedPayload', () => {
  it('keeps short values as they are and cuts a long string in the middle, saying how much went', () => {
    const body = { model: 'm', n: 2, ok: true, none: null, messages: [{ role: 'user', content: 'a'.repeat(6) + 'b'.repeat(10) + 'c'.repeat(4) }] };
    const stored = storedPayload(body, { maxStringLength: 10 }, keep) as typeof body;
    expect(stored).toEqual({ model: 'm', n: 2, ok: true, none: null, messages: [{ role: 'user', content: `aaaaa… (10 characters cut) …bcccc` }] });
    expect(storedPayload('x'.repeat(10), { maxStringLength: 10 }, keep)).toBe('x'.repeat(10));
    expect(storedPayload('abc', { maxStringLength: 1 }, keep)).toBe('a… (2 characters cut) …');
  });

  it('cuts long arrays, leaves out what is too deep, and copies instead of sharing', () => {
    const vector = Array.from({ length: 1_500 }, (_, i) => i / 10);
    const stored = storedPayload({ data: [{ embedding: vector }] }, { maxStringLength: 100 }, keep) as { data: { embedding: unknown[] }[] };
    expect(stored.data[0]?.embedding).toHaveLength(1_001);
    expect(stored.data[0]?.embedding.at(-1)).toBe('… (500 more items cut)');
    let deep: Record<string, unknown> = { leaf: 'x' };
    for (let i = 0; i < 100; i++) deep = { deeper: deep };
    expect(JSON.stringify(storedPayload(deep, { maxStringLength: 100 }, keep))).not.toContain('leaf');
    const body = { list: [1] };
    const copy = storedPayload(body, { maxStringLength: 100 }, keep) as typeof body;
    copy.list.push(2);
    expect(body.list).toEqual([1]);
  });

  it('puts every string and key through the mask, and drops what JSON would not write', () => {
    const mask = (text: string) => text.replaceAll('sk-secret-0123', '**************');
    const stored = storedPayload({ 'sk-secret-0123': 'echo sk-secret-0123', f: () => 1, u: undefined }, { maxStringLength: 100 }, mask);
    expect(stored).toEqual({ '**************': 'echo **************', f: null });
  });
});

describe('storedPayload and secrets', () => {
  it('masks a secret before it cuts the string, so no part of the secret survives the cut', () => {
    const secret = 'sk-upstream-0123456789abcdef';
    const mask = (text: string) => text.replaceAll(secret, '*'.repeat(secret.length));
    const stored = storedPayload(`key: ${secret} end`, { maxStringLength: 12 }, mask) as string;
    expect(stored).not.toContain('sk-up');
    expect(stored).not.toContain('abcdef');
  });
});

describe('storedPayload and surrogate pairs', () => {
  it('never leaves half a pair at either end of a cut (PostgreSQL refuses the escape of one)', () => {
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    const text = '🙂'.repeat(20);
    for (let max = 1; max < 12; max++) expect(lone.test(storedPayload(text, { maxStringLength: max }, keep) as string), `max ${max}`).toBe(false);
  });
});
