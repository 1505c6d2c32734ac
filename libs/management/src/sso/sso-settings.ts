import { USER_ROLES, type UserRole } from '@switchboard/db';
import { z } from 'zod';

const roleMappingsSchema = z.record(z.string().min(1), z.enum(USER_ROLES));

/** The dashboard's OIDC login, read once from the environment (LiteLLM's GENERIC_* names plus ours). */
export interface SsoSettings {
  /** GENERIC_ISSUER / OIDC_ISSUER: discovery (`/.well-known/openid-configuration`) and the ID token's `iss`. */
  issuer: URL;
  clientId: string;
  clientSecret?: string;
  /** GENERIC_AUTHORIZATION_ENDPOINT / GENERIC_TOKEN_ENDPOINT / GENERIC_USERINFO_ENDPOINT: override discovery. */
  endpoints: { authorization?: string; token?: string; userinfo?: string };
  scope: string;
  /** PROXY_BASE_URL + `/sso/callback`: the only redirect URI we ever send. */
  redirectUri: string;
  /** Where a completed login lands (PROXY_BASE_URL + `/ui/`): fixed, never taken from the request. */
  landingUrl: string;
  /** ALLOWED_EMAIL_DOMAINS; any domain when empty. */
  allowedEmailDomains: readonly string[];
  /** The claim whose values are looked up in `roleMappings` (SWITCHBOARD_SSO_ROLE_CLAIM, default `groups`). */
  roleClaim: string;
  /** SWITCHBOARD_SSO_ROLE_MAPPINGS: claim value → role, as JSON; the most privileged match wins. */
  roleMappings: Readonly<Record<string, UserRole>>;
  defaultRole: UserRole;
  /**
   * SWITCHBOARD_SSO_TEAM_MAPPINGS: role-claim value → team ids, as JSON (`{"eng": ["team-a"]}`). Membership is
   * re-applied at each login: a user leaves the mapped teams its claims no longer give (never other teams).
   */
  teamMappings: Readonly<Record<string, readonly string[]>>;
  /** The "Sign in with <provider>" label (SWITCHBOARD_SSO_PROVIDER_NAME, default the issuer's host). */
  providerName: string;
}

export class SsoConfigurationError extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const list = (value: string | undefined) => (value ?? '').split(',').map((item) => item.trim().toLowerCase()).filter(Boolean);

/** The settings when GENERIC_CLIENT_ID is set; undefined otherwise. A half-configured SSO fails the start. */
export function ssoSettingsFromEnv(env: Readonly<Record<string, string | undefined>>): SsoSettings | undefined {
  const clientId = env.GENERIC_CLIENT_ID?.trim();
  if (!clientId) return undefined;
  const issuer = env.GENERIC_ISSUER?.trim() || env.OIDC_ISSUER?.trim();
  // Without the issuer there is no JWKS to check the ID token's signature against, nor an `iss` to expect.
  if (!issuer) throw new SsoConfigurationError('GENERIC_CLIENT_ID is set but GENERIC_ISSUER (or OIDC_ISSUER) is not: SSO needs the issuer URL');
  const base = env.PROXY_BASE_URL?.trim().replace(/\/+$/, '');
  if (!base) throw new SsoConfigurationError('GENERIC_CLIENT_ID is set but PROXY_BASE_URL is not: SSO needs it for the redirect URI');
  let mappings: Record<string, UserRole> = {};
  if (env.SWITCHBOARD_SSO_ROLE_MAPPINGS?.trim()) {
    const parsed = roleMappingsSchema.safeParse(parseJson(env.SWITCHBOARD_SSO_ROLE_MAPPINGS));
    if (!parsed.success) throw new SsoConfigurationError(`SWITCHBOARD_SSO_ROLE_MAPPINGS must map claim values to one of ${USER_ROLES.join(', ')}`);
    mappings = parsed.data;
  }
  let teamMappings: Record<string, string[]> = {};
  if (env.SWITCHBOARD_SSO_TEAM_MAPPINGS?.trim()) {
    const parsed = z.record(z.string().min(1), z.union([z.string().min(1), z.array(z.string().min(1))])).safeParse(parseJson(env.SWITCHBOARD_SSO_TEAM_MAPPINGS));
    if (!parsed.success) throw new SsoConfigurationError('SWITCHBOARD_SSO_TEAM_MAPPINGS must map claim values to a team id or a list of team ids');
    teamMappings = Object.fromEntries(Object.entries(parsed.data).map(([value, teams]) => [value, Array.isArray(teams) ? teams : [teams]]));
  }
  const defaultRole = z.enum(USER_ROLES).safeParse(env.SWITCHBOARD_SSO_DEFAULT_ROLE?.trim() || 'internal_user_viewer');
  if (!defaultRole.success) throw new SsoConfigurationError(`SWITCHBOARD_SSO_DEFAULT_ROLE must be one of ${USER_ROLES.join(', ')}`);
  const issuerUrl = new URL(issuer);
  return {
    issuer: issuerUrl,
    clientId,
    clientSecret: env.GENERIC_CLIENT_SECRET || undefined,
    endpoints: {
      authorization: env.GENERIC_AUTHORIZATION_ENDPOINT?.trim() || undefined,
      token: env.GENERIC_TOKEN_ENDPOINT?.trim() || undefined,
      userinfo: env.GENERIC_USERINFO_ENDPOINT?.trim() || undefined,
    },
    scope: env.GENERIC_SCOPE?.trim() || 'openid email profile',
    redirectUri: `${base}/sso/callback`,
    landingUrl: `${base}/ui/`,
    allowedEmailDomains: list(env.ALLOWED_EMAIL_DOMAINS),
    roleClaim: env.SWITCHBOARD_SSO_ROLE_CLAIM?.trim() || 'groups',
    roleMappings: mappings,
    defaultRole: defaultRole.data,
    teamMappings,
    providerName: env.SWITCHBOARD_SSO_PROVIDER_NAME?.trim() || issuerUrl.host,
  };
}
