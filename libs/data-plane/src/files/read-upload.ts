import type { Request } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { parseMultipartRequest } from '../multipart/parse-multipart-request.ts';

/** OpenAI's purposes; `batch_output` is written by the gateway, never uploaded. */
export const UPLOAD_PURPOSES = ['assistants', 'batch', 'fine-tune', 'vision', 'user_data', 'evals'] as const;

/** OpenAI's `expires_after.seconds` bounds: one hour to thirty days. */
const MIN_EXPIRY_S = 3_600;
const MAX_EXPIRY_S = 2_592_000;

export interface Upload {
  purpose: string;
  filename: string;
  content: Buffer;
  expiresAfterSeconds?: number;
}

/**
 * The upload's form, within the size limit (`general_settings.max_request_size_mb`): one `file`, a `purpose`, and
 * OpenAI's optional `expires_after[anchor]=created_at` with `expires_after[seconds]`. LiteLLM's
 * `custom_llm_provider` is accepted and has no effect: files are kept by the gateway, not at a provider.
 */
export async function readUpload(req: Request, maxBytes: number): Promise<Upload> {
  const { form, file } = await parseMultipartRequest(req, { maxBytes, maxParts: 16, maxFieldBytes: 4 * 1024, maxFileBytes: maxBytes });
  if (!file || file.field !== 'file') throw new HttpError(400, 'file is required (a multipart form with a "file" part)', { param: 'file' });
  const purpose = form.get('purpose');
  if (typeof purpose !== 'string' || purpose === '') throw new HttpError(400, 'purpose is required', { param: 'purpose' });
  if (!(UPLOAD_PURPOSES as readonly string[]).includes(purpose)) throw new HttpError(400, `purpose must be one of ${UPLOAD_PURPOSES.join(', ')}`, { param: 'purpose' });
  const anchor = form.get('expires_after[anchor]');
  const rawSeconds = form.get('expires_after[seconds]');
  let expiresAfterSeconds: number | undefined;
  if (anchor !== null || rawSeconds !== null) {
    if (anchor !== 'created_at') throw new HttpError(400, 'expires_after[anchor] must be created_at', { param: 'expires_after.anchor' });
    const value = typeof rawSeconds === 'string' && /^\d+$/.test(rawSeconds) ? Number(rawSeconds) : NaN;
    if (!(value >= MIN_EXPIRY_S && value <= MAX_EXPIRY_S)) throw new HttpError(400, `expires_after[seconds] must be a whole number from ${MIN_EXPIRY_S} to ${MAX_EXPIRY_S}`, { param: 'expires_after.seconds' });
    expiresAfterSeconds = value;
  }
  // Kept as text: no control characters (PostgreSQL refuses NUL), and a bounded length.
  const cleaned = file.filename.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 512);
  const filename = cleaned === '' ? 'file' : cleaned;
  return { purpose, filename, content: Buffer.from(await file.file.arrayBuffer()), ...(expiresAfterSeconds !== undefined ? { expiresAfterSeconds } : {}) };
}
