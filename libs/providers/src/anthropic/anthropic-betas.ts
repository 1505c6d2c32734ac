/** Anthropic beta names look like `prompt-caching-2024-07-31`: a short token, never free text. */
const BETA_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/i;
const MAX_BETAS = 16;

/**
 * Beta names from an `anthropic-beta` value (comma-separated, as Anthropic's SDKs send it) or a config
 * list. Anything that is not a plain beta token is refused, so a client-supplied value can never
 * smuggle another header or an oversized value upstream.
 */
export function parseAnthropicBetas(value: unknown): { betas: string[]; rejected: string[] } {
  const items = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
  const betas: string[] = [];
  const rejected: string[] = [];
  for (const item of items) {
    const name = typeof item === 'string' ? item.trim() : '';
    if (name === '') continue;
    if (BETA_NAME.test(name) && betas.length < MAX_BETAS) {
      if (!betas.includes(name)) betas.push(name);
    } else {
      rejected.push(name.slice(0, 64));
    }
  }
  return { betas, rejected };
}
