import express from 'express';
import type { Request } from 'express';
import { createSession, deleteSession, findUserByLoginName, isUserDeactivated, type UserRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { authenticateCaller, matchesMasterKey } from '../auth/authenticate-caller.ts';
import { masterKeyUser } from '../auth/master-key-user.ts';
import { clientSource, NO_TRUSTED_PROXIES } from '../auth/client-source.ts';
import { assertSameOrigin } from '../auth/csrf.ts';
import { InProcessLoginAttempts } from '../auth/in-process-login-attempts.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../auth/password-hash.ts';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from '../auth/session-cookie.ts';
import type { ManagementDeps } from '../deps.ts';
import { securityHeaders, type EndpointRegistry } from '../http/endpoint.ts';
import { parseInput } from '../http/validate.ts';
import { loginSchema, type LoginInput } from '../schemas/login-schemas.ts';

const DEFAULT_SESSION_TTL_MS = 12 * 3600 * 1000;
const badLogin = () => new HttpError(401, 'Invalid username or password', { code: 'invalid_login' });


/**
 * A password login. The attempt is counted on the account before scrypt runs; the account is the user's id
 * whichever name was typed (id or e-mail), or the normalized name when no user has it, so unknown names
 * are throttled, and cost one scrypt, exactly like known ones.
 */
async function passwordUser(deps: ManagementDeps, throttle: LoginThrottle, username: string, password: string, source: string, sourceCounted: boolean): Promise<UserRecord> {
  const user = await findUserByLoginName(deps.db, username);
  const account = user ? `user:${user.id}` : `name:${username.normalize('NFKC').trim().toLowerCase()}`;
  const attempt = await throttle.admitPassword(account, source, { sourceCounted });
  const ok = await (deps.verifyPassword ?? verifyPassword)(password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  // A user deactivated through SCIM is refused like a wrong password: the answer tells nobody the account exists.
  if (!user || !user.passwordHash || !ok || isUserDeactivated(user)) throw badLogin();
  await attempt.succeeded();
  return user;
}

/** Whether `secret` is the master key, counted per source: a wrong one is one more guess from that source. */
async function isMasterKey(deps: ManagementDeps, throttle: LoginThrottle, secret: string, source: string): Promise<boolean> {
  const attempt = await throttle.admitMasterKey(source);
  if (!matchesMasterKey(secret, deps.masterKey)) return false;
  await attempt.succeeded();
  return true;
}

/** The master key as a dashboard login, switched off by `disable_master_key_ui_login`. */
const masterKeyLoginOff = () => new HttpError(403, 'Signing in to the dashboard with the master key is switched off (disable_master_key_ui_login); use SSO or a password', { code: 'master_key_login_disabled' });

/**
 * The break-glass login (`master_key`, or UI_USERNAME with the master key as password) is throttled per
 * source only: no account lockout, which anyone could impose, stands between an operator and the master key.
 */
async function userForLogin(deps: ManagementDeps, throttle: LoginThrottle, input: LoginInput, source: string): Promise<UserRecord> {
  if ('master_key' in input) {
    if (deps.masterKeyUiLoginDisabled) throw masterKeyLoginOff();
    if (await isMasterKey(deps, throttle, input.master_key, source)) return masterKeyUser(deps.db);
    throw badLogin();
  }
  // The reference's UI login: username "admin" (UI_USERNAME) with the master key as password.
  const uiUsername = input.username === (deps.uiUsername ?? 'admin') && !deps.masterKeyUiLoginDisabled;
  if (uiUsername && (await isMasterKey(deps, throttle, input.password, source))) return masterKeyUser(deps.db);
  // A user may also be named like UI_USERNAME: its password is tried too (the source is already counted).
  return passwordUser(deps, throttle, input.username, input.password, source, uiUsername);
}

/** The client's address: the socket peer, or X-Forwarded-For behind a trusted proxy (SWITCHBOARD_TRUSTED_PROXIES). */
function sourceOf(deps: ManagementDeps, req: Request): string {
  return clientSource(req.socket.remoteAddress, req.headers['x-forwarded-for'], deps.trustedProxies ?? NO_TRUSTED_PROXIES);
}

export function mountLoginRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const ttlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const throttle = new LoginThrottle(deps.loginAttempts ?? new InProcessLoginAttempts(), deps.loginLimits);
  registry.push({ method: 'post', paths: ['/login'], summary: 'Dashboard login (JSON or form): sets an HttpOnly session cookie', body: loginSchema, public: true });
  service.route('post', '/login', securityHeaders, express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const input = parseInput(loginSchema, req.body);
    const source = sourceOf(deps, req);
    const via = 'master_key' in input ? 'master key' : 'password';
    let user: UserRecord;
    try {
      user = await userForLogin(deps, throttle, input, source);
    } catch (error) {
      const throttled = error instanceof HttpError && error.status === 429;
      deps.logger.warn({ via, source }, throttled ? 'dashboard login throttled' : 'failed dashboard login');
      throw error;
    }
    const { token, session } = await createSession(deps.db, { userId: user.id, ttlMs, data: { via: 'master_key' in input ? 'master_key' : 'password' } });
    res.setHeader('Set-Cookie', sessionCookie(req, token, Math.floor(ttlMs / 1000)));
    res.json({ user_id: user.id, user_role: user.role, expires: session.expiresAt.toISOString() });
  });

  registry.push({ method: 'post', paths: ['/logout'], summary: 'Ends the dashboard session' });
  service.route('post', '/logout', securityHeaders, async (req, res) => {
    const token = sessionTokenOf(req);
    if (token !== undefined) {
      assertSameOrigin(req, deps.allowedOrigins ?? []);
      await deleteSession(deps.db, token);
    }
    res.setHeader('Set-Cookie', clearedSessionCookie());
    res.json({ logged_out: true });
  });

  registry.push({ method: 'get', paths: ['/login/session'], summary: 'Who the dashboard is logged in as' });
  service.route('get', '/login/session', securityHeaders, async (req, res) => {
    const caller = await authenticateCaller(deps, req);
    res.json({ user_id: caller.user?.id ?? null, user_role: caller.role, via: caller.via });
  });
}
