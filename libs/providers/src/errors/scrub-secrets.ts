import { MIN_SECRET_LENGTH } from '../http/secret-mask.ts';

const REDACTED = '[redacted]';

/** Provider key shapes (OpenAI `sk-`, Groq `gsk_`, xAI `xai-`, ...) and bearer tokens quoted back by upstreams. */
const SECRET_PATTERNS: readonly RegExp[] = [
  /\b(?:sk|gsk|xai|pplx|fw|csk)[-_][A-Za-z0-9_*.-]{10,}/g,
  /\bBearer\s+[A-Za-z0-9._~+/=*-]+/gi,
];

/** Upstream error text reaches our clients and logs; some providers echo the key (even partly masked). */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let scrubbed = text;
  for (const secret of secrets) {
    // Very short values would redact ordinary words; keys are never that short.
    if (secret && secret.length >= MIN_SECRET_LENGTH) scrubbed = scrubbed.split(secret).join(REDACTED);
  }
  for (const pattern of SECRET_PATTERNS) scrubbed = scrubbed.replace(pattern, REDACTED);
  return scrubbed;
}
