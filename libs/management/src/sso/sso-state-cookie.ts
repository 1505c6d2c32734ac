import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { z } from 'zod';

export const SSO_STATE_COOKIE = 'switchboard_sso';
const STATE_TTL_SECONDS = 600;

const stateSchema = z.object({ state: z.string().min(1), nonce: z.string().min(1), verifier: z.string().min(43), expires: z.number() });
export type SsoLoginState = Omit<z.infer<typeof stateSchema>, 'expires'>;

/**
 * The key that signs the login-state cookie: derived from the master key so every replica agrees on it; a
 * random one (this process only) when there is no master key.
 */
export function ssoStateKey(masterKey: string | undefined): Buffer {
  if (!masterKey) return randomBytes(32);
  return createHash('sha256').update('switchboard sso state\0').update(masterKey).digest();
}

export const signSsoState = (key: Buffer, payload: string): string => createHmac('sha256', key).update(payload).digest('base64url');

/**
 * The login in progress (state, nonce, PKCE verifier) in a signed, HttpOnly cookie scoped to the callback, so
 * only the browser that started the login can finish it and any replica sharing the key can check it.
 * SameSite=Lax: the callback is a top-level navigation coming back from the identity provider.
 */
export function ssoStateCookie(req: Request, key: Buffer, login: SsoLoginState, now = Date.now()): string {
  const payload = Buffer.from(JSON.stringify({ ...login, expires: now + STATE_TTL_SECONDS * 1000 })).toString('base64url');
  const secure = req.secure || req.headers['x-forwarded-proto'] === 'https';
  return [`${SSO_STATE_COOKIE}=${payload}.${signSsoState(key, payload)}`, 'Path=/sso/callback', 'HttpOnly', 'SameSite=Lax', `Max-Age=${STATE_TTL_SECONDS}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSsoStateCookie(): string {
  return `${SSO_STATE_COOKIE}=; Path=/sso/callback; HttpOnly; SameSite=Lax; Max-Age=0`;
}

/** The login state the request's cookie carries when its signature holds and it has not expired. */
export function ssoStateOf(req: Request, key: Buffer, now = Date.now()): SsoLoginState | undefined {
  const cookie = (req.headers.cookie ?? '')
    .split(';')
    .map((part) => part.trim())
    .find((part) => part.startsWith(`${SSO_STATE_COOKIE}=`));
  const [payload, signature] = (cookie?.slice(SSO_STATE_COOKIE.length + 1) ?? '').split('.');
  if (!payload || !signature) return undefined;
  const expected = Buffer.from(signSsoState(key, payload));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  const parsed = stateSchema.safeParse(decoded);
  if (!parsed.success || parsed.data.expires < now) return undefined;
  const { expires: _expires, ...login } = parsed.data;
  return login;
}
