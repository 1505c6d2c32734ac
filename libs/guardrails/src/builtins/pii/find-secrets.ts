import type { Span } from './span.ts';

/**
 * Where a secret may start: a known prefix not glued to a preceding word character or hyphen. Each
 * candidate is then matched against its full shape at that position (sticky), and the search resumes after
 * a match, so a long run of prefixes costs one pass.
 */
const PREFIX = /(?<![A-Za-z0-9_-])(?:sk-|sk_live_|sk_test_|rk_live_|rk_test_|AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox[abposr]-|AIza|eyJ)/g;

/**
 * Credential shapes by vendor, keyed by the prefix that found the candidate. Every quantifier is followed by
 * nothing that can fail, so none backtracks far.
 */
const OPENAI_OR_ANTHROPIC = /sk-[A-Za-z0-9_-]{20,}/y;
const STRIPE = /[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/y;
const AWS_ACCESS_KEY_ID = /(?:AKIA|ASIA)[0-9A-Z]{16}(?![0-9A-Za-z])/y;
const GITHUB_TOKEN = /gh[pousr]_[A-Za-z0-9]{36,}/y;
const GITHUB_FINE_GRAINED = /github_pat_[A-Za-z0-9_]{22,}/y;
const SLACK = /xox[abposr]-[A-Za-z0-9-]{10,}/y;
const GOOGLE_API_KEY = /AIza[0-9A-Za-z_-]{35}/y;
/** JSON Web Tokens: base64url header and payload (both JSON objects, so `eyJ`), and a signature. */
const JWT = /eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/y;

function shapeFor(prefix: string): RegExp {
  if (prefix === 'sk-') return OPENAI_OR_ANTHROPIC;
  if (prefix.endsWith('_live_') || prefix.endsWith('_test_')) return STRIPE;
  if (prefix === 'AKIA' || prefix === 'ASIA') return AWS_ACCESS_KEY_ID;
  if (prefix === 'github_pat_') return GITHUB_FINE_GRAINED;
  if (prefix.startsWith('gh')) return GITHUB_TOKEN;
  if (prefix.startsWith('xox')) return SLACK;
  if (prefix === 'AIza') return GOOGLE_API_KEY;
  return JWT;
}

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
    const shape = shapeFor(prefix[0]);
    shape.lastIndex = prefix.index;
    const match = shape.exec(text);
    if (!match) continue;
    spans.push({ start: prefix.index, end: prefix.index + match[0].length });
    PREFIX.lastIndex = prefix.index + match[0].length;
  }
  return spans;
}
