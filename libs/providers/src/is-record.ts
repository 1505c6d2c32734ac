/** A JSON object (not an array, not null): the narrowing every hand-written wire guard starts with. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
