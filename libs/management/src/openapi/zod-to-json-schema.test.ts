import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateKeySchema } from '../schemas/key-schemas.ts';
import { zodToJsonSchema } from './zod-to-json-schema.ts';

describe('zodToJsonSchema', () => {
  it('converts the types the schemas use', () => {
    const schema = z
      .object({
        name: z.string().min(1).max(5).regex(/^a/),
        email: z.string().email().optional(),
        count: z.number().int().min(0).max(9),
        ratio: z.number().nullable(),
        flag: z.boolean().default(true),
        kind: z.enum(['a', 'b']),
        tags: z.array(z.string()).max(3),
        map: z.record(z.string(), z.number()),
        either: z.union([z.string(), z.number()]),
        refined: z.string().refine((value) => value !== 'x'),
        piped: z.union([z.number(), z.string()]).pipe(z.number()).transform(String),
        anything: z.unknown(),
      })
      .strict();
    expect(zodToJsonSchema(schema)).toEqual({
      type: 'object',
      additionalProperties: false,
      required: ['name', 'count', 'ratio', 'kind', 'tags', 'map', 'either', 'refined', 'piped'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 5, pattern: '^a' },
        email: { type: 'string', format: 'email' },
        count: { type: 'integer', minimum: 0, maximum: 9 },
        ratio: { anyOf: [{ type: 'number' }, { type: 'null' }] },
        flag: { type: 'boolean', default: true },
        kind: { type: 'string', enum: ['a', 'b'] },
        tags: { type: 'array', items: { type: 'string' }, maxItems: 3 },
        map: { type: 'object', additionalProperties: { type: 'number' } },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        refined: { type: 'string' },
        piped: { anyOf: [{ type: 'number' }, { type: 'string' }] },
        anything: {},
      },
    });
  });

  it('documents the real /key/generate body, unknown fields refused', () => {
    const schema = zodToJsonSchema(generateKeySchema);
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties as object)).toEqual(expect.arrayContaining(['key_alias', 'duration', 'models', 'max_budget', 'key', 'allowed_routes']));
  });

  it('fails loudly on a type it does not know', () => {
    expect(() => zodToJsonSchema(z.date())).toThrow('not supported');
  });
});
