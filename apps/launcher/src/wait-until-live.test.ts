import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilLive } from './wait-until-live.ts';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** A server that answers 503 until `liveAfterMs` has passed, then 200. */
async function startingServer(liveAfterMs: number): Promise<string> {
  const started = Date.now();
  const server = createServer((_req, res) => {
    res.statusCode = Date.now() - started >= liveAfterMs ? 200 : 503;
    res.end();
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/health/liveliness`;
}

describe('waitUntilLive', () => {
  it('waits until every service answers 200', async () => {
    const urls = [await startingServer(0), await startingServer(300)];
    const started = Date.now();
    expect(await waitUntilLive(urls, 5_000, 20)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('gives up after its timeout on a service that never comes up', async () => {
    const live = await startingServer(0);
    const never = await startingServer(60_000);
    expect(await waitUntilLive([live, never], 300, 20)).toBe(false);
  });

  it('keeps trying while nothing listens on the port yet', async () => {
    expect(await waitUntilLive(['http://127.0.0.1:9/health/liveliness'], 200, 20)).toBe(false);
  });
});
