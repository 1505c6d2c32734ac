import type { Span } from './span.ts';

/**
 * Where a secret may start: a known prefix not glued to a preceding word character or hyphen. Each
 * candidate is then matched against its full shape at that position (sticky), and the search resumes after
 * a match, so a long run of prefixes costs one pass.
 */
const PREFIX = /(?<![A-Za-z0-9_-])(?:sk-|sk_live_|sk_test_|rk_live_|rk_test_|AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox[abposr]-|AIza|eyJ)/g;

/** Credential shapes by vendor; every quantifier is followed by nothing that can fail, so none backtracks far. */
const SHAPES: readonly RegExp[] = [
  // OpenAI (sk-, sk-proj-, sk-svcacct-, ...) and Anthropic (sk-ant-...) keys.
  /sk-[A-Za-z0-9_-]{20,}/y,
  // Stripe secret and restricted keys.
  /[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/y,
  // AWS access key ids.
  /(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])/y,
  // GitHub tokens (classic and fine-grained).
  /gh[pousr]_[A-Za-z0-9]{36,}/y,
  /github_pat_[A-Za-z0-9_]{22,}/y,
  // Slack tokens.
  /xox[abposr]-[A-Za-z0-9-]{10,}/y,
  // Google API keys.
  /AIza[0-9A-Za-z_-]{35}/y,
  // JSON Web Tokens: base64url header and payload (both JSON objects, so `eyJ`), and a signature.
  /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/y,
];

const PRIVATE_KEY_BEGIN = /-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----/g;
const PRIVATE_KEY_END = /-----END [A-Z ]{0,40}PRIVATE KEY-----/g;
const MAX_PRIVATE_KEY_LENGTH = 16_384;

/**
 * PEM private key blocks, BEGIN line to END line. The next END marker is searched once and reused by every
 * BEGIN before it, so many BEGIN lines without an END cost one pass.
 */
function findPrivateKeys(text: string): Span[] {
  const spans: Span[] = [];
  let nextEnd: RegExpExecArray | null | undefined;
  for (const begin of text.matchAll(PRIVATE_KEY_BEGIN)) {
    if (nextEnd === undefined || (nextEnd !== null && nextEnd.index < begin.index)) {
      PRIVATE_KEY_END.lastIndex = begin.index;
      nextEnd = PRIVATE_KEY_END.exec(text);
    }
    if (nextEnd === null) break;
    const end = nextEnd.index + nextEnd[0].length;
    if (end - begin.index <= MAX_PRIVATE_KEY_LENGTH) spans.push({ start: begin.index, end });
  }
  return spans;
}

/** API keys, tokens and private keys by their published shapes (`sk-...`, `AKIA...`, `ghp_...`, `xox...`, JWTs, PEM). */
export function findSecrets(text: string): Span[] {
  const spans: Span[] = findPrivateKeys(text);
  PREFIX.lastIndex = 0;
  for (let prefix = PREFIX.exec(text); prefix; prefix = PREFIX.exec(text)) {
    for (const shape of SHAPES) {
      shape.lastIndex = prefix.index;
      const match = shape.exec(text);
      if (!match) continue;
      spans.push({ start: prefix.index, end: prefix.index + match[0].length });
      PREFIX.lastIndex = prefix.index + match[0].length;
      break;
    }
  }
  return spans;
}
