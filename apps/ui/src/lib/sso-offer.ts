/** The backend's bootstrap config, read before login (apps/backend `/.well-known/switchboard-ui-config`). */
export const UI_CONFIG_PATH = '/.well-known/switchboard-ui-config';

export interface SsoOffer {
  provider: string;
  loginUrl: string;
}

/**
 * The "Sign in with <provider>" the login page shows, from the bootstrap config's `sso` field. Only a path
 * under `/sso/` on this origin is followed, whatever the answer says.
 */
export function ssoOfferOf(config: unknown): SsoOffer | undefined {
  if (typeof config !== 'object' || config === null) return undefined;
  const sso = (config as { sso?: unknown }).sso;
  if (typeof sso !== 'object' || sso === null) return undefined;
  const { provider, login_url: loginUrl } = sso as { provider?: unknown; login_url?: unknown };
  if (typeof provider !== 'string' || provider === '' || typeof loginUrl !== 'string') return undefined;
  if (!loginUrl.startsWith('/sso/') || loginUrl.includes('\\') || loginUrl.includes('..')) return undefined;
  return { provider, loginUrl };
}

/** Whether the backend takes the master key as a dashboard login (false under `disable_master_key_ui_login`). */
export function masterKeyLoginOffered(config: unknown): boolean {
  return !(typeof config === 'object' && config !== null && (config as { master_key_login?: unknown }).master_key_login === false);
}
