/*
 * Value reshapes shared by the adapters' rename tables (see rename-params.ts). Each returns undefined
 * for a value it cannot send, which the table reports as a dropped parameter.
 */

/** OpenAI's `stop` (one string or a list) as the list every other API takes. */
export function toStopList(stop: unknown): string[] | undefined {
  if (typeof stop === 'string') return [stop];
  return Array.isArray(stop) && stop.every((item) => typeof item === 'string') ? stop : undefined;
}

/** Fields outside the OpenAI request schema (`top_k`, `seed`, penalties) reach us unchecked: only numbers go on. */
export function numberOnly(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}
