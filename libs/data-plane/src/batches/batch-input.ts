import { HttpError } from '@switchboard/service-kit';

/** The endpoints a batch may call (OpenAI's, less `/v1/responses`, whose batch lines this gateway does not run). */
export const BATCH_ENDPOINTS = { '/v1/chat/completions': 'chat', '/v1/embeddings': 'embeddings', '/v1/completions': 'completions' } as const;
export type BatchEndpoint = keyof typeof BATCH_ENDPOINTS;

/** OpenAI's limit on one batch's requests. */
export const MAX_BATCH_LINES = 50_000;

export interface BatchLine {
  lineIndex: number;
  customId: string;
  body: Record<string, unknown>;
}

/** A line the batch cannot run: the batch fails validation, with OpenAI's `errors` entry naming the line. */
export class BatchInputError extends HttpError {
  constructor(
    readonly line: number | null,
    readonly detail: string,
  ) {
    super(400, line === null ? detail : `input file line ${line}: ${detail}`, { param: 'input_file_id', code: 'invalid_batch_input' });
  }
}

const bad = (line: number, message: string) => new BatchInputError(line, message);

/** How many requests a file names, before they are checked (a batch's `request_counts.total` while it validates). */
export function countBatchLines(content: Buffer): number {
  let count = 0;
  for (const raw of content.toString('utf8').split('\n')) if (raw.trim() !== '') count++;
  return count;
}

/**
 * The input file's requests, every line checked before any runs (a bad file fails the batch's validation, as
 * OpenAI's does, naming its first bad line; never a batch that fails halfway): a JSON object with a unique `custom_id`, `method` POST, the batch's
 * endpoint as `url`, a `body` naming a `model`, and no streaming.
 */
export function parseBatchInput(content: Buffer, endpoint: BatchEndpoint): BatchLine[] {
  const lines: BatchLine[] = [];
  const seen = new Set<string>();
  const text = content.toString('utf8');
  let number = 0;
  for (const raw of text.split('\n')) {
    number++;
    if (raw.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw bad(number, 'not valid JSON');
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw bad(number, 'must be a JSON object');
    const { custom_id: customId, method, url, body } = parsed as Record<string, unknown>;
    if (typeof customId !== 'string' || customId === '') throw bad(number, 'custom_id must be a non-empty string');
    if (seen.has(customId)) throw bad(number, `custom_id "${customId}" is used twice`);
    seen.add(customId);
    if (method !== 'POST') throw bad(number, 'method must be POST');
    if (url !== endpoint && url !== endpoint.slice('/v1'.length)) throw bad(number, `url must be the batch's endpoint, ${endpoint}`);
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad(number, 'body must be a JSON object');
    const request = body as Record<string, unknown>;
    if (typeof request.model !== 'string' || request.model === '') throw bad(number, 'body.model is required');
    if (request.stream === true) throw bad(number, 'a batch request cannot stream');
    lines.push({ lineIndex: lines.length, customId, body: request });
    if (lines.length > MAX_BATCH_LINES) throw bad(number, `a batch holds at most ${MAX_BATCH_LINES} requests`);
  }
  if (lines.length === 0) throw new BatchInputError(null, 'the input file holds no requests');
  return lines;
}
