import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';

/** The recorded Anthropic responses kept with the providers lib (Apache-2.0, from vercel/ai; see its README). */
const FIXTURES = new URL('../../../../libs/providers/src/__fixtures__/anthropic/', import.meta.url);

export function anthropicFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8')) as Record<string, unknown>;
}

/** One SSE `data:` payload per line. */
export function anthropicChunks(name: string): string[] {
  return readFileSync(new URL(name, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** Writes payloads the way Anthropic does: `event: <type>` before each, no `[DONE]`. */
export async function writeAnthropicSse(res: ServerResponse, payloads: readonly string[], delayMs = 0): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const payload of payloads) {
    if (res.destroyed) return;
    res.write(`event: ${(JSON.parse(payload) as { type: string }).type}\ndata: ${payload}\n\n`);
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end();
}

export function sendJson(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
