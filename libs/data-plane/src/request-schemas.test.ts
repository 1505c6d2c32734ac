import { describe, expect, it } from 'vitest';
import {
  chatRequestSchema,
  completionRequestSchema,
  embeddingRequestSchema,
  isValidChatRequest,
  isValidCompletionRequest,
  isValidEmbeddingRequest,
} from './request-schemas.ts';

// A small deterministic generator (mulberry32) so a failure can be replayed.
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ABSENT = Symbol('absent');
const odd: unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [1], ['a'], [[1]], [[1], 'a'], 2.5, 3, 1e9, 'x'.repeat(300), { type: 1 }];
const fields = {
  chat: {
    model: ['gpt-4o', 'a'.repeat(256), 'a'.repeat(257), ...odd],
    messages: [
      [{ role: 'user', content: 'hi' }],
      [{ role: 'system', content: null }, { role: 'assistant' }],
      [{ role: 'user', content: [{ type: 'text', text: 'x' }] }],
      [{ role: 'user', content: [{ type: 1 }] }],
      [{ role: 'user', content: [null] }],
      [{ role: 'robot', content: 'x' }],
      [{ content: 'x' }],
      [{ role: 'tool', content: 5 }],
      [{ role: 'user', content: 'x', name: 'n', extra: { a: 1 } }],
      [[{ role: 'user' }]],
      ...odd,
    ],
    stream: [true, false, ...odd],
    stream_options: [{ include_usage: true }, { other: 1 }, { include_usage: 'yes' }, ...odd],
    max_tokens: [1, 100, 0, -5, 1.5, ...odd],
    max_completion_tokens: [7, 0, ...odd],
    n: [1, 2, 0, ...odd],
    temperature: [0, 1, 2, 2.0001, -0.1, ...odd],
    user: ['alice', 'u'.repeat(256), 'u'.repeat(257), ...odd],
    tools: [[{ type: 'function', function: { name: 'f' } }], ...odd],
  },
  completions: {
    model: ['m', 'm2', ...odd],
    prompt: ['hi', ['a', 'b'], [1, 2], [[1], [2, 3]], [], [['a']], [1, 'a'], ...odd],
    stream: [true, false, ...odd],
    max_tokens: [5, 6, 0, ...odd],
    user: ['u', 'v', ...odd],
  },
  embeddings: {
    model: ['m', ...odd],
    input: ['hi', ['a'], [1], [[1, 2]], [], [[]], [['a']], [1, 'a'], ...odd],
    user: ['u', ...odd],
    dimensions: [3, ...odd],
  },
};

function generate(next: () => number, spec: Record<string, unknown[]>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, values] of Object.entries(spec)) {
    // Mostly valid values (the first ones of each pool), so both answers occur often.
    const pool = next() < 0.85 ? values.slice(0, 2) : [ABSENT, ...values];
    const value = pool[Math.floor(next() * pool.length)];
    if (value !== ABSENT) body[name] = structuredClone(value);
  }
  return body;
}

const cases = [
  ['chat', chatRequestSchema, isValidChatRequest, fields.chat],
  ['completions', completionRequestSchema, isValidCompletionRequest, fields.completions],
  ['embeddings', embeddingRequestSchema, isValidEmbeddingRequest, fields.embeddings],
] as const;

describe('hand-written body checks agree with the schemas', () => {
  it.each(cases)('%s: accepts only what the schema accepts, unchanged, and takes the common bodies', (_name, schema, isValid, spec) => {
    const next = random(42);
    let fastAccepted = 0;
    let schemaAccepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const body = generate(next, spec as Record<string, unknown[]>);
      const parsed = schema.safeParse(body);
      if (parsed.success) schemaAccepted++;
      if (isValid(body)) {
        fastAccepted++;
        expect({ body, success: parsed.success }).toEqual({ body, success: true });
        expect(parsed.data).toEqual(body);
      }
    }
    // The fast check must also be worth having: it takes nearly every body the schema takes here.
    expect(fastAccepted).toBeGreaterThan(schemaAccepted * 0.95);
    expect(schemaAccepted).toBeGreaterThan(1000);
  });

  it('takes the bodies the SDKs send', () => {
    expect(isValidChatRequest({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Say something short.' }], stream: true, stream_options: { include_usage: true } })).toBe(true);
    expect(isValidCompletionRequest({ model: 'm', prompt: 'hi', max_tokens: 16 })).toBe(true);
    expect(isValidEmbeddingRequest({ model: 'm', input: ['a', 'b'], encoding_format: 'float' })).toBe(true);
  });
});
