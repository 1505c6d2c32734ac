/**
 * pgvector's text form of an embedding (`[0.1,-2,3e-7]`), sent as a query parameter. Every element must be a
 * finite number (pgvector refuses NaN and infinities, and JSON would turn them into `null`) within the range of
 * the single-precision floats pgvector stores, and the vector must have a direction for cosine distance to mean
 * anything.
 */
export function toVectorLiteral(embedding: readonly number[]): string {
  if (!Array.isArray(embedding) || embedding.length === 0) throw new RangeError('an embedding needs at least one element');
  let nonZero = false;
  embedding.forEach((value: unknown, index) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new RangeError(`embedding element ${index} is not a finite number`);
    const stored = Math.fround(value);
    if (!Number.isFinite(stored)) throw new RangeError(`embedding element ${index} (${value}) does not fit a single-precision float`);
    if (stored !== 0) nonZero = true;
  });
  if (!nonZero) throw new RangeError('an all-zero embedding has no direction, so no cosine similarity');
  return `[${embedding.join(',')}]`;
}
