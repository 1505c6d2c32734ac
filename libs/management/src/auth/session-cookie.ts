import type { Request } from 'express';

export const SESSION_COOKIE = 'switchboard_session';

/** The session token from the Cookie header, if any (no cookie-parser dependency for one cookie). */
export function sessionTokenOf(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === SESSION_COOKIE) {
      const value = rest.join('=');
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** HttpOnly, SameSite=Strict, Secure when the request came over https (directly or via the front). */
export function sessionCookie(req: Request, token: string, maxAgeSeconds: number): string {
  const secure = req.secure || req.headers['x-forwarded-proto'] === 'https';
  return [`${SESSION_COOKIE}=${token}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(secure ? ['Secure'] : [])].join('; ');
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
}
