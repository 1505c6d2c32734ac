import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedCall {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  aborted: boolean;
}

export type Behaviour = (call: RecordedCall, res: ServerResponse) => void | Promise<void>;

/**
 * A local OpenAI-format upstream for gateway tests: records every call (path, headers, body, whether the
 * client went away) and answers with the behaviour registered for the path.
 */
export class FakeOpenAiUpstream {
  readonly calls: RecordedCall[] = [];
  private readonly behaviours = new Map<string, Behaviour>();
  private server: Server | undefined;
  url = '';

  on(path: string, behaviour: Behaviour): this {
    this.behaviours.set(path, behaviour);
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(parts).toString('utf8');
        let body: Record<string, unknown> = {};
        try {
          body = raw === '' || !String(req.headers['content-type']).includes('json') ? { raw } : (JSON.parse(raw) as Record<string, unknown>);
        } catch {
          body = { raw };
        }
        const call: RecordedCall = { path: req.url ?? '', headers: req.headers, body, aborted: false };
        res.on('close', () => {
          if (!res.writableFinished) call.aborted = true;
        });
        this.calls.push(call);
        const behaviour = this.behaviours.get((req.url ?? '').split('?')[0] as string);
        if (!behaviour) {
          res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'no such path on the fake upstream', type: 'invalid_request_error' } }));
          return;
        }
        void behaviour(call, res);
      });
    });
    await new Promise<void>((resolve) => (this.server as Server).listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${((this.server as Server).address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const chatCompletion = (model: string, content: string, usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }) => ({
  id: 'chatcmpl-fake',
  object: 'chat.completion',
  created: 1_700_000_000,
  model,
  choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: 'stop' }],
  usage,
});

export function sseChunks(model: string, pieces: string[], usage = { prompt_tokens: 10, completion_tokens: pieces.length, total_tokens: 10 + pieces.length }): string[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) => JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] });
  return [
    chunk({ role: 'assistant', content: '' }, null),
    ...pieces.map((piece) => chunk({ content: piece }, null)),
    chunk({}, 'stop'),
    JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [], usage }),
  ];
}

export async function writeSse(res: ServerResponse, events: string[], delayMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const event of events) {
    if (res.destroyed) return;
    res.write(`data: ${event}\n\n`);
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
  }
  res.end('data: [DONE]\n\n');
}
