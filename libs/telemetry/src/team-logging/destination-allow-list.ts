/**
 * Where sinks set by non-admins (a key's or team's logging metadata) may send calls. Entries:
 * `https://logs.example.com:8443` (that origin, http allowed only when written so), `logs.example.com`
 * (https on the default port) and `*.example.com` (https, any subdomain). Everything else, internal
 * hosts included, is refused: a key owner must not make the gateway POST to addresses inside its network.
 */
export interface DestinationAllowList {
  allows(url: URL): boolean;
}

interface Rule {
  protocol: string;
  host: string;
  port: string;
  subdomains: boolean;
}

export class DestinationAllowListError extends Error {
  constructor(readonly entry: string) {
    super(`logging destination allow-list: "${entry}" is not an origin (https://host[:port]), a host name or *.domain`);
    this.name = 'DestinationAllowListError';
  }
}

function ruleOf(entry: string): Rule {
  const text = entry.trim().toLowerCase();
  if (text.startsWith('*.')) {
    const domain = text.slice(2);
    if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(domain)) throw new DestinationAllowListError(entry);
    return { protocol: 'https:', host: domain, port: '', subdomains: true };
  }
  if (text.includes('://')) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new DestinationAllowListError(entry);
    }
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || (url.pathname !== '/' && url.pathname !== '')) throw new DestinationAllowListError(entry);
    return { protocol: url.protocol, host: url.hostname, port: url.port, subdomains: false };
  }
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(text)) throw new DestinationAllowListError(entry);
  return { protocol: 'https:', host: text, port: '', subdomains: false };
}

/** Builds the allow-list once at start; throws DestinationAllowListError naming a malformed entry. */
export function createDestinationAllowList(entries: readonly string[]): DestinationAllowList {
  const rules = entries.map(ruleOf);
  return {
    allows(url: URL): boolean {
      if (url.username || url.password) return false;
      const host = url.hostname.toLowerCase();
      return rules.some((rule) => {
        if (rule.protocol !== url.protocol || rule.port !== url.port) return false;
        return rule.subdomains ? host.endsWith(`.${rule.host}`) : host === rule.host;
      });
    },
  };
}

/**
 * `general_settings.logging_destination_allowlist` as read from the config (a list, one entry, or nothing),
 * for the backend, which checks the same destinations when a non-admin stores them. Throws
 * DestinationAllowListError naming an entry that is not a string or not well formed.
 */
export function destinationAllowListOf(value: unknown): DestinationAllowList {
  const entries = value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];
  for (const entry of entries) if (typeof entry !== 'string') throw new DestinationAllowListError(String(entry));
  return createDestinationAllowList(entries as string[]);
}
