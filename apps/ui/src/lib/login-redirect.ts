/** Where the dashboard lives (next.config.ts `basePath`); plain `window.location` paths need it spelled out. */
export const BASE_PATH = '/ui';
export const HOME_PATH = `${BASE_PATH}/`;

/**
 * The page to return to after login, only if it is one of ours: a path under /ui/ on this origin. Anything
 * else (`//evil.example`, `https://...`, `/ui/../v1`, the login page itself) falls back to the home page.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith(`${BASE_PATH}/`) || next.startsWith('//') || next.includes('\\')) return HOME_PATH;
  let url: URL;
  try {
    url = new URL(next, 'http://switchboard.invalid');
  } catch {
    return HOME_PATH;
  }
  if (url.origin !== 'http://switchboard.invalid' || !url.pathname.startsWith(`${BASE_PATH}/`)) return HOME_PATH;
  if (url.pathname.startsWith(`${BASE_PATH}/login`)) return HOME_PATH;
  return `${url.pathname}${url.search}`;
}

/** `/ui/login/?next=...` for the page the user was on. */
export function loginPath(current?: string): string {
  const next = current === undefined ? HOME_PATH : safeNextPath(current);
  return next === HOME_PATH ? `${BASE_PATH}/login/` : `${BASE_PATH}/login/?next=${encodeURIComponent(next)}`;
}
