import type { Request } from 'express';
import { HttpError } from '@switchboard/service-kit';

/** Client fields that would steer the upstream call: never taken from a request. */
const FORBIDDEN_FIELDS = new Set(['api_base', 'base_url', 'api_key']);

/** The transcription request's form, checked: a model, a file, nothing that steers the upstream. */
export async function readTranscriptionForm(req: Request): Promise<{ form: FormData; model: string }> {
  if (!Buffer.isBuffer(req.body)) throw new HttpError(400, 'Send the audio as multipart/form-data with "file" and "model" fields', { code: 'invalid_body' });
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(req.body), { headers: { 'content-type': String(req.headers['content-type']) } }).formData();
  } catch {
    throw new HttpError(400, 'Malformed multipart body', { code: 'invalid_body' });
  }
  const model = form.get('model');
  if (typeof model !== 'string' || model === '') throw new HttpError(400, 'model is required', { param: 'model' });
  if (!(form.get('file') instanceof Blob)) throw new HttpError(400, 'file is required', { param: 'file' });
  for (const key of form.keys()) if (FORBIDDEN_FIELDS.has(key)) throw new HttpError(400, `"${key}" is not allowed`, { param: key, code: 'forbidden_parameter' });
  return { form, model };
}
