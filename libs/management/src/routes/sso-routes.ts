import type { Request } from 'express';
import * as client from 'openid-client';
import { createSession, isUserDeactivated } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { sessionCookie } from '../auth/session-cookie.ts';
import type { ManagementDeps } from '../deps.ts';
import { securityHeaders, type EndpointRegistry } from '../http/endpoint.ts';
import { mapSsoRole } from '../sso/map-sso-role.ts';
import { oidcConfigurationLoader } from '../sso/oidc-configuration.ts';
import { clearedSsoStateCookie, ssoStateCookie, ssoStateKey, ssoStateOf } from '../sso/sso-state-cookie.ts';
import { upsertSsoUser } from '../sso/sso-user.ts';
import { applySsoTeams } from '../sso/apply-sso-teams.ts';
import type { SsoSettings } from '../sso/sso-settings.ts';

const DEFAULT_SESSION_TTL_MS = 12 * 3600 * 1000;

const ssoRefused = (message: string, code: string) => new HttpError(401, message, { code });

function emailDomainAllowed(email: string, allowed: readonly string[]): boolean {
  if (allowed.length === 0) return true;
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return allowed.includes(domain);
}

/** The callback URL as the provider sent the browser to it: our fixed redirect URI plus the request's query. */
function callbackUrl(settings: SsoSettings, req: Request): URL {
  const url = new URL(settings.redirectUri);
  url.search = new URL(req.originalUrl, 'http://callback.invalid').search;
  return url;
}

/** LiteLLM's dashboard SSO routes: `/sso/key/generate` starts the OIDC login, `/sso/callback` completes it. */
export function mountSsoRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const settings = deps.sso;
  const ttlMs = deps.sessionTtlMs ?? DEFAULT_SESSION_TTL_MS;
  const stateKey = ssoStateKey(deps.masterKey);
  const configuration = settings ? oidcConfigurationLoader(settings) : undefined;

  /** The provider's configuration; a provider that cannot be reached is a 502 naming no detail of its answer. */
  const providerConfiguration = async () => {
    if (!settings || !configuration) throw new HttpError(404, 'Single sign-on is not configured (set GENERIC_CLIENT_ID, GENERIC_ISSUER and PROXY_BASE_URL)', { code: 'sso_not_configured' });
    try {
      return { settings, config: await configuration() };
    } catch (error) {
      deps.logger.error({ err: error instanceof Error ? error.name : 'unknown' }, 'OIDC discovery failed');
      throw new HttpError(502, 'The identity provider could not be reached', { code: 'sso_provider_unavailable' });
    }
  };

  registry.push({ method: 'get', paths: ['/sso/key/generate'], summary: 'Starts the dashboard OIDC login: redirects to the identity provider', public: true });
  service.route('get', '/sso/key/generate', securityHeaders, async (req, res) => {
    const { settings, config } = await providerConfiguration();
    const login = { state: client.randomState(), nonce: client.randomNonce(), verifier: client.randomPKCECodeVerifier() };
    const authorizationUrl = client.buildAuthorizationUrl(config, {
      redirect_uri: settings.redirectUri,
      scope: settings.scope,
      state: login.state,
      nonce: login.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(login.verifier),
      code_challenge_method: 'S256',
    });
    res.setHeader('Set-Cookie', ssoStateCookie(req, stateKey, login));
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, authorizationUrl.href);
  });

  registry.push({ method: 'get', paths: ['/sso/callback'], summary: 'Completes the dashboard OIDC login: sets the session cookie and redirects to the dashboard', public: true });
  service.route('get', '/sso/callback', securityHeaders, async (req, res) => {
    const { settings, config } = await providerConfiguration();
    res.setHeader('Cache-Control', 'no-store');
    // The state cookie is single use, whatever the outcome.
    res.setHeader('Set-Cookie', clearedSsoStateCookie());
    const login = ssoStateOf(req, stateKey);
    if (!login) throw ssoRefused('The sign-in expired or was started in another browser: start it again', 'sso_state_missing');
    let claims: Record<string, unknown>;
    try {
      const tokens = await client.authorizationCodeGrant(config, callbackUrl(settings, req), {
        expectedState: login.state,
        expectedNonce: login.nonce,
        pkceCodeVerifier: login.verifier,
        idTokenExpected: true,
      });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      const userinfo = config.serverMetadata().userinfo_endpoint ? await client.fetchUserInfo(config, tokens.access_token, idClaims.sub) : {};
      claims = { ...userinfo, ...idClaims };
    } catch (error) {
      // The library's message may quote the provider's response; only its code is logged, nothing is echoed.
      const code = error instanceof client.ClientError || error instanceof client.AuthorizationResponseError ? error.code : undefined;
      deps.logger.warn({ code, name: error instanceof Error ? error.name : 'unknown' }, 'SSO callback refused');
      throw ssoRefused('The identity provider did not confirm the sign-in (state, code or ID token invalid)', 'sso_callback_invalid');
    }
    const email = typeof claims.email === 'string' ? claims.email : undefined;
    if (!email || claims.email_verified === false) throw ssoRefused('The identity provider gave no verified e-mail address', 'sso_email_missing');
    if (!emailDomainAllowed(email, settings.allowedEmailDomains)) {
      deps.logger.warn({ domain: email.slice(email.lastIndexOf('@') + 1) }, 'SSO login from a domain outside ALLOWED_EMAIL_DOMAINS');
      throw new HttpError(403, 'This e-mail domain is not allowed to sign in', { code: 'sso_email_domain_not_allowed' });
    }
    const user = await upsertSsoUser(deps.db, { email, role: mapSsoRole(claims, settings), subject: String(claims.sub), issuer: settings.issuer.href });
    // SCIM owns whether a user may sign in: a deactivated one gets no session (its keys are refused already).
    if (isUserDeactivated(user)) throw new HttpError(403, 'This user is deactivated', { code: 'sso_user_deactivated' });
    await applySsoTeams(deps, user, claims, settings);
    const { token } = await createSession(deps.db, { userId: user.id, ttlMs, data: { via: 'sso' } });
    res.setHeader('Set-Cookie', [clearedSsoStateCookie(), sessionCookie(req, token, Math.floor(ttlMs / 1000))]);
    res.redirect(302, settings.landingUrl);
  });
}
