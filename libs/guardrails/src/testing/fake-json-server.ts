import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeAnswer {
  status?: number;
  json?: unknown;
  /** A raw body instead of JSON. */
  text?: string;
  /** Never answer (a hung service). */
  hang?: boolean;
}

export interface FakeRequest {
  route: string;
  headers: IncomingHttpHeaders;
  json: unknown;
}

export interface FakeJsonServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/** A local HTTP server answering `METHOD /path` routes with JSON computed from the request's JSON body. */
export async function startFakeJsonServer(routes: Record<string, (json: unknown, headers: IncomingHttpHeaders) => FakeAnswer>): Promise<FakeJsonServer> {
  const requests: FakeRequest[] = [];
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      const route = `${req.method} ${req.url}`;
      const text = Buffer.concat(parts).toString('utf8');
      const json: unknown = text === '' ? undefined : JSON.parse(text);
      requests.push({ route, headers: req.headers, json });
      const handler = routes[route];
      const answer = handler ? handler(json, req.headers) : { status: 404, json: { detail: 'Not Found' } };
      if (answer.hang) return;
      const body = answer.text ?? JSON.stringify(answer.json ?? null);
      res.writeHead(answer.status ?? 200, { 'content-type': answer.text === undefined ? 'application/json' : 'text/plain' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A URL where nothing listens: a port that was just free. */
export async function unusedUrl(): Promise<string> {
  const fake = await startFakeJsonServer({});
  await fake.close();
  return fake.url;
}
