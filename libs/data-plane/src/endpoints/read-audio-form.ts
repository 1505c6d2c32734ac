import type { Request } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { transcriptionSeconds } from '../audio/transcription-seconds.ts';
import { parseMultipartRequest, type MultipartLimits } from '../multipart/parse-multipart-request.ts';

/** Client fields that would steer the upstream call: never taken from a request. */
const FORBIDDEN_FIELDS = new Set(['api_base', 'base_url', 'api_key']);

/** An audio request has a handful of fields; a part count far beyond is an attack on the parser. */
export function audioFormLimits(maxRequestBytes: number): MultipartLimits {
  return { maxBytes: maxRequestBytes, maxParts: 64, maxFieldBytes: 64 * 1024, maxFileBytes: maxRequestBytes };
}

/**
 * The audio request's form, parsed as it streams in within the limits, and checked: a model, a file,
 * nothing that steers the upstream; with the file's duration when its headers tell it (WAV, MP3).
 */
export async function readAudioForm(req: Request, limits: MultipartLimits): Promise<{ form: FormData; model: string; fileSeconds: number | undefined }> {
  const { form, file } = await parseMultipartRequest(req, limits);
  const model = form.get('model');
  if (typeof model !== 'string' || model === '') throw new HttpError(400, 'model is required', { param: 'model' });
  if (!file || file.field !== 'file') throw new HttpError(400, 'file is required', { param: 'file' });
  for (const key of form.keys()) if (FORBIDDEN_FIELDS.has(key)) throw new HttpError(400, `"${key}" is not allowed`, { param: key, code: 'forbidden_parameter' });
  const duration = await transcriptionSeconds(undefined, file.file);
  return { form, model, fileSeconds: duration?.seconds };
}
