import { describe, expect, it } from 'vitest';
import { clientSource, NO_TRUSTED_PROXIES, parseTrustedProxies } from './client-source.ts';

describe('parseTrustedProxies', () => {
  it('trusts nobody when empty or absent', () => {
    for (const value of [undefined, '', ' , ']) expect(parseTrustedProxies(value).has('127.0.0.1')).toBe(false);
  });

  it('matches addresses and CIDR ranges of both families, IPv4-mapped peers included', () => {
    const trusted = parseTrustedProxies(' 10.0.0.0/8, 192.168.1.7 ,fd00::/8,::1');
    expect(trusted.has('10.200.3.4')).toBe(true);
    expect(trusted.has('::ffff:10.200.3.4')).toBe(true);
    expect(trusted.has('192.168.1.7')).toBe(true);
    expect(trusted.has('192.168.1.8')).toBe(false);
    expect(trusted.has('fd12:3456::1')).toBe(true);
    expect(trusted.has('::1')).toBe(true);
    expect(trusted.has('fe80::1')).toBe(false);
    expect(trusted.has('not-an-ip')).toBe(false);
  });

  it('refuses entries that are not addresses or ranges, naming the entry', () => {
    for (const bad of ['proxy.internal', '10.0.0.0/33', '10.0.0.0/8/1', 'fd00::/129', '10.0.0.0/x', '10.0.0.1:8080']) {
      expect(() => parseTrustedProxies(`127.0.0.1,${bad}`), bad).toThrow(`SWITCHBOARD_TRUSTED_PROXIES: "${bad}" is not an IP address or CIDR range`);
    }
  });
});

describe('clientSource', () => {
  const proxies = parseTrustedProxies('10.0.0.0/8');

  it('is the socket peer when nobody is trusted, whatever X-Forwarded-For says', () => {
    expect(clientSource('203.0.113.5', '198.51.100.1', NO_TRUSTED_PROXIES)).toBe('203.0.113.5');
    expect(clientSource('::ffff:203.0.113.5', undefined, NO_TRUSTED_PROXIES)).toBe('203.0.113.5');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientSource('203.0.113.5', '198.51.100.1', proxies)).toBe('203.0.113.5');
  });

  it('takes the hop a trusted proxy appended, not what the client wrote before it', () => {
    // The client sent "X-Forwarded-For: 1.1.1.1"; the proxy appended the address it saw.
    expect(clientSource('10.0.0.2', '1.1.1.1, 198.51.100.1', proxies)).toBe('198.51.100.1');
  });

  it('walks over a chain of trusted proxies, and over repeated headers', () => {
    expect(clientSource('10.0.0.2', '1.1.1.1, 198.51.100.1, 10.0.0.9', proxies)).toBe('198.51.100.1');
    expect(clientSource('10.0.0.2', ['1.1.1.1, 198.51.100.1', '10.0.0.9'], proxies)).toBe('198.51.100.1');
  });

  it('stops at the last proxy when a hop is malformed or missing', () => {
    expect(clientSource('10.0.0.2', 'garbage', proxies)).toBe('10.0.0.2');
    expect(clientSource('10.0.0.2', '198.51.100.1, 10.0.0.9:1234', proxies)).toBe('10.0.0.2');
    expect(clientSource('10.0.0.2', undefined, proxies)).toBe('10.0.0.2');
    expect(clientSource('10.0.0.2', '10.0.0.3', proxies)).toBe('10.0.0.3');
  });

  it('counts IPv6 sources per /64', () => {
    expect(clientSource('2001:db8:aa:bb:1:2:3:4', undefined, NO_TRUSTED_PROXIES)).toBe('2001:db8:aa:bb::/64');
    expect(clientSource('2001:DB8:AA:BB::ffff', undefined, NO_TRUSTED_PROXIES)).toBe('2001:db8:aa:bb::/64');
    expect(clientSource('2001:db8::1', undefined, NO_TRUSTED_PROXIES)).toBe('2001:db8:0:0::/64');
    expect(clientSource('::1', undefined, NO_TRUSTED_PROXIES)).toBe('0:0:0:0::/64');
    expect(clientSource('fe80::1%eth0', undefined, NO_TRUSTED_PROXIES)).toBe('fe80:0:0:0::/64');
  });

  it('is "unknown" without a peer address', () => {
    expect(clientSource(undefined, '198.51.100.1', proxies)).toBe('unknown');
  });
});
