import { BlockList, isIP } from 'node:net';

/** The peers whose `X-Forwarded-For` is believed (SWITCHBOARD_TRUSTED_PROXIES). */
export interface TrustedProxies {
  has(address: string): boolean;
}

export const NO_TRUSTED_PROXIES: TrustedProxies = { has: () => false };

const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** A bare IP address, IPv4-mapped IPv6 unwrapped; undefined for anything else (ports, names, garbage). */
function normalizeAddress(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const address = value.trim().toLowerCase().replace(IPV4_MAPPED, '$1');
  return isIP(address) === 0 ? undefined : address;
}

/**
 * Comma-separated IP addresses and CIDR ranges (`10.0.0.0/8, 192.168.1.7, fd00::/8`); empty or absent
 * trusts nobody. Anything else is a configuration error, reported with the entry at fault.
 */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? '').split(',').map((entry) => entry.trim()).filter(Boolean);
  if (entries.length === 0) return NO_TRUSTED_PROXIES;
  const list = new BlockList();
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const type = family === 6 ? 'ipv6' : 'ipv4';
    const prefix = bits === undefined ? undefined : /^\d{1,3}$/.test(bits) ? Number(bits) : Number.NaN;
    if (family === 0 || extra !== undefined || (prefix !== undefined && !(prefix <= (family === 6 ? 128 : 32)))) {
      throw new Error(`SWITCHBOARD_TRUSTED_PROXIES: "${entry}" is not an IP address or CIDR range (e.g. 10.0.0.0/8, 192.168.1.7, fd00::/8)`);
    }
    if (prefix === undefined) list.addAddress(address as string, type);
    else list.addSubnet(address as string, prefix, type);
  }
  return {
    has(address) {
      const normalized = normalizeAddress(address);
      if (normalized === undefined) return false;
      return list.check(normalized, isIP(normalized) === 6 ? 'ipv6' : 'ipv4');
    },
  };
}

/** The first 64 bits of an IPv6 address: one subscriber's network, inside which addresses cost nothing. */
function ipv6Network(address: string): string {
  const [head = '', tail] = address.split('%')[0]?.split('::') ?? [];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (`::1.2.3.4`) fills two groups.
  const rightGroups = right.reduce((count, group) => count + (group.includes('.') ? 2 : 1), 0);
  const groups = tail === undefined ? left : [...left, ...Array<string>(8 - left.length - rightGroups).fill('0'), ...right];
  return `${groups.slice(0, 4).map((group) => Number.parseInt(group, 16).toString(16)).join(':')}::/64`;
}

/**
 * Who is logging in, for per-source throttling: the socket's peer, or, when that peer is a trusted proxy,
 * the address it put in `X-Forwarded-For` (walking right to left over further trusted proxies). Entries
 * left of the first untrusted hop were written by the client and are ignored; a malformed hop stops the
 * walk at the last proxy. IPv6 sources count per /64, since anyone holding one address holds its /64.
 */
export function clientSource(peer: string | undefined, forwardedFor: string | readonly string[] | undefined, trusted: TrustedProxies): string {
  let address = normalizeAddress(peer);
  if (address === undefined) return 'unknown';
  const hops = (typeof forwardedFor === 'string' ? forwardedFor : (forwardedFor ?? []).join(','))
    .split(',')
    .map((hop) => hop.trim())
    .filter(Boolean);
  while (trusted.has(address) && hops.length > 0) {
    const hop = normalizeAddress(hops.pop());
    if (hop === undefined) break;
    address = hop;
  }
  return isIP(address) === 6 ? ipv6Network(address) : address;
}
