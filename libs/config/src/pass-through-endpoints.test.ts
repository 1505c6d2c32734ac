import { describe, expect, it } from 'vitest';
import { buildGatewayConfig } from './build-gateway-config.ts';
import { ConfigError } from './config-error.ts';

const build = (entries: unknown, env: Record<string, string> = {}) => buildGatewayConfig({ general_settings: { pass_through_endpoints: entries } }, env);

describe('general_settings.pass_through_endpoints', () => {
  it("reads LiteLLM's keys with LiteLLM's defaults, resolving os.environ/ inside header values", () => {
    const config = build([{ path: '/v1/my-rerank/', target: 'https://api.cohere.com/v1/rerank', headers: { Authorization: 'bearer os.environ/COHERE_API_KEY', 'X-Tenant': 7 } }, { path: '/bria', target: 'http://127.0.0.1:9000', include_subpath: true, forward_headers: 'true', auth: false, cost_per_request: 0.5 }], { COHERE_API_KEY: 'co-secret' });
    expect(config.settings.passThroughEndpoints).toEqual([
      { path: '/v1/my-rerank', target: 'https://api.cohere.com/v1/rerank', headers: { authorization: 'bearer co-secret', 'x-tenant': '7' }, forwardHeaders: false, includeSubpath: false, auth: true, costPerRequest: 0 },
      { path: '/bria', target: 'http://127.0.0.1:9000', headers: {}, forwardHeaders: true, includeSubpath: true, auth: false, costPerRequest: 0.5 },
    ]);
    expect(config.warnings.filter((w) => w.includes('pass_through_endpoints'))).toEqual([]);
  });

  it('leaves out, with a warning, an entry on a path a built-in route serves: the built-in wins', () => {
    const config = build([{ path: '/v1/rerank', target: 'https://api.cohere.com/v1/rerank' }, { path: '/key/generate', target: 'https://x.example' }, { path: '/mine', target: 'https://x.example' }]);
    expect(config.settings.passThroughEndpoints.map((e) => e.path)).toEqual(['/mine']);
    expect(config.warnings).toContainEqual(expect.stringMatching(/pass_through_endpoints\[0\]\.path: \/v1\/rerank is already served by the gateway/));
    expect(config.warnings).toContainEqual(expect.stringMatching(/pass_through_endpoints\[1\]\.path: \/key\/generate is already served by the backend/));
  });

  it('names keys it does not act on in a warning', () => {
    const config = build([{ path: '/mine', target: 'https://x.example', guardrails: { pii: null } }]);
    expect(config.warnings).toContain('general_settings.pass_through_endpoints[0].guardrails: not supported, ignored');
  });

  it.each([
    [[{ path: '/mine', target: 'file:///etc/passwd' }], 'pass_through_endpoints[0].target: only http:// and https:// targets are allowed, not file:'],
    [[{ path: '/mine', target: 'ftp://x.example' }], 'only http:// and https://'],
    [[{ path: '/mine', target: 'not a url' }], 'pass_through_endpoints[0].target: "not a url" is not a URL'],
    [[{ path: '/mine', target: 'https://user:pw@x.example' }], 'credentials in the URL'],
    [[{ target: 'https://x.example' }], 'pass_through_endpoints[0].path: path is required'],
    [[{ path: '/mine' }], 'pass_through_endpoints[0].target: target is required'],
    [[{ path: '/a/../key', target: 'https://x.example' }], 'dot segment'],
    [[{ path: '/a/:id', target: 'https://x.example' }], 'may hold only letters'],
    [[{ path: '/', target: 'https://x.example' }], '"/" cannot be'],
    [[{ path: '/mine', target: 'https://x.example' }, { path: '/mine/', target: 'https://y.example' }], '/mine is listed twice'],
    [[{ path: '/mine', target: 'https://x.example', headers: { authorization: 'Bearer os.environ/MISSING_KEY' } }], 'environment variable MISSING_KEY is not set'],
    [{ path: '/mine' }, 'must be a list'],
  ])('refuses a bad entry at load: %j', (entries, message) => {
    expect(() => build(entries)).toThrow(ConfigError);
    expect(() => build(entries)).toThrow(message);
  });
});
