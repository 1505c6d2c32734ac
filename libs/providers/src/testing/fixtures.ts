import { readFileSync } from 'node:fs';

const FIXTURES = new URL('../__fixtures__/', import.meta.url);

/** A recorded non-streaming body (or error body), e.g. `groq/groq-text.json`. */
export function fixtureJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(path, FIXTURES), 'utf8')) as Record<string, unknown>;
}

/** A recorded stream: one SSE `data:` payload per line, e.g. `xai/xai-text.chunks.txt`. */
export function fixtureChunks(path: string): string[] {
  return readFileSync(new URL(path, FIXTURES), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}
