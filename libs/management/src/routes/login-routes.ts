import express from 'express';
import { createSession, deleteSession, findUserByEmail, findUserById, insertUser, type Database, type UserRecord } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { authenticateCaller, matchesMasterKey } from '../auth/authenticate-caller.ts';
import { MASTER_KEY_USER_ID } from '../auth/caller.ts';
import { assertSameOrigin } from '../auth/csrf.ts';
import { LoginThrottle } from '../auth/login-throttle.ts';
import { DUMMY_PASSWORD_HASH, verifyPassword } from '../auth/password-hash.ts';
import { clearedSessionCookie, sessionCookie, sessionTokenOf } from '../auth/session-cookie.ts';
import type { ManagementDeps } from '../deps.ts';
import { securityHeaders, type EndpointRegistry } from '../http/endpoint.ts';
import { parseInput } from '../http/validate.ts';
import { loginSchema, type LoginInput } from '../schemas/login-schemas.ts';

const DEFAULT_SESSION_TTL_MS = 12 * 3600 * 1000;
const badLogin = () => new HttpError(401, 'Invalid username or password', { code: 'invalid_login' });

/** The user a master-key login acts as; created (as proxy_admin) the first time. */
async function masterKeyUser(db: Database): Promise<UserRecord> {
  const existing = await findUserById(db, MASTER_KEY_USER_ID);
  if (existing) return existing;
  return insertUser(db, { id: MASTER_KEY_USER_ID, role: 'proxy_admin', alias: 'master key', createdBy: 'master_key', updatedBy: 'master_key' });
}

async function userForLogin(deps: ManagementDeps, input: LoginInput): Promise<UserRecord> {
  if ('master_key' in input) {
    if (!matchesMasterKey(input.master_key, deps.masterKey)) throw badLogin();
    return masterKeyUser(deps.db);
  }
  // The reference's UI login: username "admin" (UI_USERNAME) with the master key as password.
  if (input.username === (deps.uiUsername ?? 'admin') && matchesMasterKey(input.password, deps.masterKey)) return masterKeyUser(deps.db);
  const user = (await findUserById(deps.db, input.username)) ?? (await findUserByEmail(deps.db, input.username));
  // Unknown users cost one scrypt too, so timing does not reveal which usernames exist.
  const ok = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_PASSWORD_HASH);
  if (!user || !user.passwordHash || !ok) throw badLogin();
  return user;
}

export function mountLoginRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const ttlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const throttle = new LoginThrottle();
  registry.push({ method: 'post', paths: ['/login'], summary: 'Dashboard login (JSON or form): sets an HttpOnly session cookie', body: loginSchema, public: true });
  service.route('post', '/login', securityHeaders, express.json({ limit: '16kb' }), express.urlencoded({ extended: false, limit: '16kb' }), async (req, res) => {
    const input = parseInput(loginSchema, req.body);
    const account = 'master_key' in input ? 'master key' : `user ${input.username.toLowerCase()}`;
    const wait = throttle.retryAfterSeconds(account);
    if (wait > 0) throw new HttpError(429, 'Too many failed logins for this account; try again later', { code: 'login_throttled', retryAfter: wait });
    let user: UserRecord;
    try {
      user = await userForLogin(deps, input);
    } catch (error) {
      throttle.recordFailure(account);
      deps.logger.warn({ account: 'master_key' in input ? 'master key' : 'user' }, 'failed dashboard login');
      throw error;
    }
    throttle.recordSuccess(account);
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
