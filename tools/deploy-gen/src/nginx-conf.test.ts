import { describe, expect, it } from 'vitest';
import { ROUTE_TABLE, type RouteRule } from '@switchboard/route-allowlist';
import { isClusterOnly } from './front-routes.ts';
import { renderNginxConf, UPSTREAM_PLACEHOLDERS } from './nginx-conf.ts';

const conf = renderNginxConf();
const lines = conf.split('\n').map((line) => line.trim());

/** `location <modifier> <path>` heads, in file order. */
const locationHeads = (text: string) => [...text.matchAll(/^\s*location\s+(=|\^~|~)?\s*(\S+)\s*\{/gm)].map((m) => `${m[1] ?? ''} ${m[2]}`.trim());

/** The body of `location <modifier> <path> { ... }`, whitespace collapsed (nested braces included). */
function bodyOf(text: string, modifier: string, path: string): string | undefined {
  const head = new RegExp(`^\\s*location ${modifier.replace(/\^/g, '\\^')} ${path.replace(/[.]/g, '\\.')} \\{`, 'm').exec(text);
  if (!head) return undefined;
  const start = head.index + head[0].length;
  let depth = 1;
  for (let i = start; i < text.length; i++) {
    if (text[i] === '{') depth++;
    if (text[i] === '}' && --depth === 0) return text.slice(start, i).replace(/\s+/g, ' ').trim();
  }
  return undefined;
}

describe('the generated nginx config (docker/ui/nginx.conf.template)', () => {
  it('is a whole nginx.conf that runs non-root on a read-only root filesystem', () => {
    expect(lines).toContain('pid /tmp/nginx.pid;');
    expect(conf).toMatch(/^events \{$/m);
    expect(conf).toMatch(/^http \{$/m);
    expect(lines).toContain('listen 3000;');
    expect(lines).not.toContainEqual(expect.stringMatching(/^user\s/));
    const tempPaths = lines.filter((line) => /^[a-z_]+_temp_path\s/.test(line));
    expect(tempPaths.map((line) => line.split(/\s+/)[0]).sort()).toEqual(
      ['client_body_temp_path', 'fastcgi_temp_path', 'proxy_temp_path', 'scgi_temp_path', 'uwsgi_temp_path'].sort(),
    );
    for (const line of tempPaths) expect(line).toMatch(/^\S+ \/tmp\/[^/\s]+;$/);
  });

  it('has exactly the two upstream placeholders the entrypoint fills in', () => {
    const placeholders = new Set([...conf.matchAll(/\$\{([A-Za-z_]+)\}/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual([...UPSTREAM_PLACEHOLDERS].sort());
    expect(lines).toContain('server ${GATEWAY_UPSTREAM};');
    expect(lines).toContain('server ${BACKEND_UPSTREAM};');
  });

  it('streams API traffic both ways, with room for audio uploads and long generations', () => {
    for (const directive of [
      'proxy_buffering off;',
      'proxy_request_buffering off;',
      'client_max_body_size 64m;',
      'proxy_read_timeout 600s;',
      'proxy_send_timeout 600s;',
      'proxy_http_version 1.1;',
      'proxy_set_header Connection $switchboard_connection;',
      'proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;',
      'proxy_set_header X-Forwarded-Proto $scheme;',
      'proxy_set_header X-Forwarded-Host $http_host;',
    ]) {
      expect(lines).toContain(directive);
    }
    expect(lines.filter((line) => /^keepalive \d+;$/.test(line))).toHaveLength(2);
  });

  it('routes every gateway path of the table to the gateway, segment-wise, and /metrics nowhere', () => {
    for (const rule of ROUTE_TABLE.filter((r) => r.owner === 'gateway')) {
      const expected = isClusterOnly(rule.path) ? expect.stringContaining('return 404') : 'proxy_pass http://switchboard_gateway;';
      expect(bodyOf(conf, '=', rule.path), rule.path).toEqual(expected);
      if (rule.match === 'prefix') expect(bodyOf(conf, '^~', `${rule.path}/`), rule.path).toEqual(expected);
    }
  });

  it('sends everything else to the backend through one catch-all', () => {
    const backendLocations = locationHeads(conf).filter((head) => {
      const path = head.split(' ').pop() as string;
      return ROUTE_TABLE.some((r) => r.owner === 'backend' && (r.path === path || `${r.path}/` === path));
    });
    expect(backendLocations).toEqual([]);
    expect(conf).toMatch(/location \/ \{\n\s*proxy_pass http:\/\/switchboard_backend;\n\s*\}/);
  });

  it('never declares a location twice', () => {
    const heads = locationHeads(conf);
    expect(new Set(heads).size).toBe(heads.length);
  });

  it('caches hashed assets for a year and revalidates HTML, with the UI security headers', () => {
    const staticBlock = conf.slice(conf.indexOf('location ^~ /ui/_next/static/ {'));
    expect(staticBlock).toMatch(/^\s*add_header Cache-Control "public, max-age=31536000, immutable" always;/m);
    const pagesBlock = conf.slice(conf.indexOf('location ^~ /ui/ {'), conf.indexOf('location ^~ /ui/_next/static/ {'));
    expect(pagesBlock).toContain('add_header Cache-Control "no-cache" always;');
    for (const block of [staticBlock, pagesBlock]) {
      expect(block).toContain('add_header X-Content-Type-Options nosniff always;');
      expect(block).toMatch(/add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'unsafe-inline';[^"]*frame-ancestors 'none'" always;/);
    }
    expect(pagesBlock).toMatch(/location ~ \\\.txt\$ \{\n\s*try_files \$uri @plain_not_found;/);
  });

  it('answers /healthz from memory and redirects / to the dashboard', () => {
    expect(conf).toMatch(/location = \/healthz \{[^}]*return 200 "ok\\n";/);
    expect(bodyOf(conf, '=', '/')).toBe('return 302 /ui/;');
  });

  it('lists a backend rule nested under a gateway prefix so the prefix does not swallow it', () => {
    const table: RouteRule[] = [
      { match: 'exact', path: '/', owner: 'ui' },
      { match: 'prefix', path: '/ui', owner: 'ui' },
      { match: 'prefix', path: '/v1/models', owner: 'gateway' },
      { match: 'prefix', path: '/v1/models/admin', owner: 'backend' },
    ];
    const nested = renderNginxConf(table);
    expect(bodyOf(nested, '=', '/v1/models/admin')).toBe('proxy_pass http://switchboard_backend;');
    expect(bodyOf(nested, '^~', '/v1/models/admin/')).toBe('proxy_pass http://switchboard_backend;');
  });

  it('refuses ui paths it does not know how to serve, and a table route on /healthz', () => {
    expect(() => renderNginxConf([{ match: 'prefix', path: '/dashboard', owner: 'ui' }])).toThrow(/ui prefix \/ui only/);
    expect(() => renderNginxConf([{ match: 'exact', path: '/healthz', owner: 'gateway' }])).toThrow(/healthz/);
  });
});
