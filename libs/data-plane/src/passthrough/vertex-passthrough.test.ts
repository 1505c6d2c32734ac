import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deployment } from '@switchboard/config';
import { PriceBook } from '@switchboard/pricing';
import { createLogger, createServiceApp } from '@switchboard/service-kit';
import { GatewayMetrics } from '../gateway-metrics.ts';
import { mountPassthrough } from './mount-passthrough.ts';
import { PASSTHROUGH_PROVIDERS } from './passthrough-providers.ts';

const MASTER = 'sk-master-test';
const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
let upstream: Server;
let gateway: Server;
let origin: string;
let tokenCalls = 0;

const listen = (server: Server) => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));

beforeAll(async () => {
  upstream = createServer((req, res) => {
    seen.push({ path: req.url ?? '', headers: req.headers });
    req.resume().on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"candidates":[]}'));
  });
  const upstreamUrl = await listen(upstream);
  const vertex: Deployment = { id: 'vertex-1', modelGroup: 'v', provider: 'vertex_ai', model: 'gemini-2.5-pro', apiBase: upstreamUrl, timeoutMs: 1000, prices: {}, modelInfo: {}, source: 'config', params: { vertex_project: 'proj', vertex_location: 'europe-west4' } };
  const logger = createLogger('gateway', { level: 'silent' });
  const service = createServiceApp('gateway', logger);
  mountPassthrough(service, { logger, metrics: new GatewayMetrics(false), priceBook: new PriceBook() }, { masterKey: MASTER }, {
    deployments: () => [vertex],
    env: {},
    providers: PASSTHROUGH_PROVIDERS.filter((provider) => provider.prefix === '/vertex_ai'),
    bedrock: false,
    googleTokenSource: async (target) => {
      tokenCalls++;
      expect(target.params).toEqual(vertex.params);
      return 'ya29.passthrough-token-0123456789';
    },
  });
  gateway = createServer(service.finalize());
  origin = await listen(gateway);
});

afterAll(async () => {
  gateway.closeAllConnections();
  upstream.closeAllConnections();
  await Promise.all([gateway, upstream].map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('/vertex_ai passthrough', () => {
  it('forwards with a fresh bearer token for the deployment, never the client\'s key or ?key=', async () => {
    const path = '/v1/projects/proj/locations/europe-west4/publishers/google/models/gemini-2.5-pro:generateContent';
    const res = await fetch(`${origin}/vertex_ai${path}?key=client-key`, { method: 'POST', headers: { authorization: `Bearer ${MASTER}`, 'x-goog-api-key': 'client-own', 'content-type': 'application/json' }, body: '{"contents":[]}' });
    expect(res.status).toBe(200);
    expect(seen[0]?.path).toBe(path);
    expect(seen[0]?.headers.authorization).toBe('Bearer ya29.passthrough-token-0123456789');
    expect(seen[0]?.headers['x-goog-api-key']).toBeUndefined();
    expect(tokenCalls).toBe(1);
  });

  it('refuses a wrong gateway key before fetching any token', async () => {
    const res = await fetch(`${origin}/vertex_ai/v1/projects/proj/x`, { method: 'POST', headers: { authorization: 'Bearer wrong' }, body: '{}' });
    expect(res.status).toBe(401);
    expect(tokenCalls).toBe(1);
  });
});
