import { z } from 'zod';

/** Values resolved from `os.environ/NAME` references arrive as strings: booleans and numbers accept them. */
const NUMBER_TEXT = /^-?\d+(\.\d+)?([eE]-?\d+)?$/;

export const configNumber = z.preprocess(
  (value) => (typeof value === 'string' && NUMBER_TEXT.test(value.trim()) ? Number(value) : value),
  z.number({ invalid_type_error: 'must be a number' }),
);

export const configBool = z.union([z.boolean(), z.enum(['true', 'false', 'True', 'False']).transform((value) => value.toLowerCase() === 'true')], {
  errorMap: () => ({ message: 'must be true or false' }),
});

export const httpUrl = z
  .string({ invalid_type_error: 'must be a URL' })
  .url('must be an http(s) URL')
  .refine((value) => /^https?:\/\//i.test(value), 'must be an http(s) URL');

/** `mask` or `block`, in any case (LiteLLM writes `MASK` / `BLOCK`). */
export const maskOrBlock = z
  .string({ invalid_type_error: 'must be mask or block' })
  .transform((value) => value.toLowerCase())
  .pipe(z.enum(['mask', 'block'], { errorMap: () => ({ message: 'must be mask or block' }) }));

export const stringList = z.array(z.string({ invalid_type_error: 'must be a string' }), { invalid_type_error: 'must be a list of strings' });
