import type { JsonResult } from '../provider.ts';

/** A 1×1 transparent PNG: a real image any client can decode, with no network involved. */
const TINY_PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export function mockImages(body: Record<string, unknown>, created: number): JsonResult {
  const count = typeof body.n === 'number' && body.n > 0 ? Math.min(Math.floor(body.n), 10) : 1;
  // `url` is a data URL so the mock never points clients at a host.
  const image = body.response_format === 'b64_json' ? { b64_json: TINY_PNG_BASE64 } : { url: `data:image/png;base64,${TINY_PNG_BASE64}` };
  return { body: { created, data: Array.from({ length: count }, () => ({ ...image })) } };
}
