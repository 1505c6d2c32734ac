import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ZodType } from 'zod';

/** What the fake answers. Exactly one of json/text/bytes/sse (or hang) is meant to be set. */
export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  json?: unknown;
  text?: string;
  bytes?: Uint8Array;
  /** SSE payloads, each written as `data: <payload>\n\n`. */
  sse?: readonly string[];
  /** Also write `event: <type>` before each payload, taking the name from its JSON `type` (Responses API). */
  sseEventNames?: boolean;
  /** Close the SSE stream with `data: [DONE]` (default true). */
  done?: boolean;
  /** Wait this long between `data: [DONE]` and the end of the HTTP response. */
  endDelayMs?: number;
  chunkDelayMs?: number;
  /** Destroy the socket after this many SSE events: a stream cut by the network. */
  cutAfter?: number;
  /** Write this many SSE events, then stall forever (or never answer at all with 0). */
  stallAfter?: number;
}

export interface FakeExpectations {
  /** Schema the JSON body must satisfy (model replaced, stream_options set, no gateway-only fields, ...). */
  body?: ZodType;
  /** The exact Authorization header, or 'absent' when none may be sent. */
  authorization?: string | 'absent';
  headers?: Record<string, string>;
}

export interface FakeRoute {
  /** Method and real path, e.g. `POST /openai/v1/chat/completions` for Groq's real URL. */
  route: string;
  expect?: FakeExpectations;
  reply: FakeReply;
}

export interface RecordedRequest {
  route: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  json: unknown;
  /** The client's port: equal ports on two requests mean the pooled connection was reused. */
  remotePort: number | undefined;
  /** Resolves when the exchange ends: `completed` false means the client went away mid-response. */
  closed: Promise<{ completed: boolean }>;
}

export interface FakeUpstream {
  /** The fake's URL for a real API base: same path, our host (`https://api.groq.com/openai/v1` → `http://127.0.0.1:port/openai/v1`). */
  base(realBase: string): string;
  requests: RecordedRequest[];
  /** Every expectation that failed; a test asserts this is empty. */
  problems: string[];
  close(): Promise<void>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function checkExpectations(expect: FakeExpectations | undefined, recorded: RecordedRequest): string[] {
  if (!expect) return [];
  const problems: string[] = [];
  const auth = recorded.headers.authorization;
  if (expect.authorization === 'absent' && auth !== undefined) problems.push(`authorization sent but must be absent`);
  if (expect.authorization && expect.authorization !== 'absent' && auth !== expect.authorization) {
    problems.push(`authorization was ${auth === undefined ? 'absent' : 'different'}`);
  }
  for (const [name, value] of Object.entries(expect.headers ?? {})) {
    if (recorded.headers[name] !== value) problems.push(`header ${name} was ${String(recorded.headers[name])}, expected ${value}`);
  }
  if (expect.body) {
    const result = expect.body.safeParse(recorded.json);
    if (!result.success) problems.push(`body: ${result.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
  }
  return problems.map((problem) => `${recorded.route}: ${problem}`);
}

async function writeSse(res: ServerResponse, reply: FakeReply): Promise<void> {
  const payloads = reply.sse ?? [];
  for (const [index, payload] of payloads.entries()) {
    if (reply.stallAfter === index) return; // leave the response open
    if (reply.cutAfter === index) {
      res.socket?.end(); // flushes what was written, then closes mid-response
      return;
    }
    if (index > 0 && reply.chunkDelayMs) await sleep(reply.chunkDelayMs);
    if (res.destroyed) return;
    const type = reply.sseEventNames ? (JSON.parse(payload) as { type?: string }).type : undefined;
    res.write(`${type ? `event: ${type}\n` : ''}data: ${payload}\n\n`);
  }
  if (reply.stallAfter === payloads.length) return;
  if (reply.done ?? true) res.write('data: [DONE]\n\n');
  if (reply.endDelayMs) await sleep(reply.endDelayMs);
  res.end();
}

async function answer(res: ServerResponse, reply: FakeReply): Promise<void> {
  if (reply.stallAfter === 0 && !reply.sse) return; // never answer
  const contentType = reply.sse ? 'text/event-stream' : reply.json !== undefined ? 'application/json' : 'application/octet-stream';
  res.writeHead(reply.status ?? 200, { 'content-type': contentType, ...reply.headers });
  if (reply.sse) {
    res.flushHeaders(); // a streaming upstream answers before its first event
    return writeSse(res, reply);
  }
  if (reply.json !== undefined) res.end(JSON.stringify(reply.json));
  else res.end(reply.bytes ?? reply.text ?? '');
}

/**
 * A real HTTP server on 127.0.0.1 for adapter tests: routes keyed by the provider's real path,
 * requests validated against what the provider expects, recorded bodies and streams replayed.
 */
export async function startFakeUpstream(routes: readonly FakeRoute[]): Promise<FakeUpstream> {
  const requests: RecordedRequest[] = [];
  const problems: string[] = [];
  const byRoute = new Map(routes.map((route) => [route.route, route]));

  const server = createServer((req, res) => {
    const closed = new Promise<{ completed: boolean }>((resolve) => res.on('close', () => resolve({ completed: res.writableFinished })));
    void (async () => {
      const route = `${req.method} ${req.url}`;
      const body = await readBody(req);
      const isJson = String(req.headers['content-type']).includes('json');
      const json: unknown = isJson ? JSON.parse(body.toString('utf8')) : undefined;
      const recorded: RecordedRequest = { route, headers: req.headers, body, json, remotePort: req.socket.remotePort, closed };
      requests.push(recorded);
      const match = byRoute.get(route);
      if (!match) {
        problems.push(`no route for ${route}`);
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `fake upstream: no route ${route}` } }));
        return;
      }
      const found = checkExpectations(match.expect, recorded);
      if (found.length > 0) {
        problems.push(...found);
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `fake upstream: ${found.join(' | ')}` } }));
        return;
      }
      await answer(res, match.reply);
    })().catch((error: unknown) => {
      problems.push(`fake upstream crashed: ${String(error)}`);
      res.destroy();
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    base: (realBase) => `http://127.0.0.1:${port}${new URL(realBase).pathname.replace(/\/+$/, '')}`,
    requests,
    problems,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
