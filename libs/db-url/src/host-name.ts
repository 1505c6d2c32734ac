import { DatabaseConfigError } from './database-config-error.ts';

const HOSTNAME = /^[A-Za-z0-9._-]+$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/**
 * Returns the host in the bare form node-postgres takes (`::1`, not `[::1]`). Anything else that could
 * change how the URL parses (`@`, `/`, `?`, `#`, spaces) is refused here rather than producing a URL that
 * silently points somewhere else. A leading `/` is a Unix socket directory, which both libpq and
 * node-postgres accept as a host.
 */
export function checkHost(host: string, variable: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  const isSocketDirectory = bare.startsWith('/') && !CONTROL_CHARACTER.test(bare);
  const isIpv6 = bare.includes(':') && IPV6.test(bare);
  if (isSocketDirectory || isIpv6 || HOSTNAME.test(bare)) return bare;
  throw new DatabaseConfigError(
    variable,
    `${variable} must be a hostname, an IP address or a Unix socket directory`,
  );
}

/** The URL form of a host from {@link checkHost}. */
export function hostForUrl(host: string): string {
  if (host.startsWith('/')) return encodeURIComponent(host);
  if (host.includes(':')) return `[${host}]`;
  return host;
}
