import type { IncomingMessage } from 'node:http';
import { Busboy, type BusboyFileStream } from '@fastify/busboy';
import { HttpError } from '@switchboard/service-kit';

export interface MultipartLimits {
  /** The whole body, boundaries and headers included. */
  maxBytes: number;
  /** Fields and files together. */
  maxParts: number;
  /** One text field's value. */
  maxFieldBytes: number;
  /** The one file part's bytes. */
  maxFileBytes: number;
}

export interface UploadedFile {
  field: string;
  filename: string;
  contentType: string;
  /** The bytes, also present in `form` under `field`. */
  file: File;
}

export interface ParsedMultipart {
  /**
   * Every part, the file as a `File`: what the provider adapters forward upstream. Text fields keep their
   * arrival order; the file is appended once its last byte has arrived.
   */
  form: FormData;
  /** The single file part, when the body had one. */
  file?: UploadedFile;
  /** Body bytes read, boundaries and headers included. */
  bytes: number;
}

// A part name is a short identifier (`model`, `timestamp_granularities[]`). Busboy's `fieldNameSize` limit
// is not applied to multipart bodies, so the length is checked here.
const MAX_FIELD_NAME_BYTES = 200;

const tooLarge = (message: string, code: string) => new HttpError(413, message, { code });
const malformed = (message: string) => new HttpError(400, message, { code: 'invalid_multipart_body' });

/**
 * Reads a `multipart/form-data` request as it streams in, checking every limit per chunk, so a huge or
 * many-part upload is refused as soon as it crosses a limit and never holds the event loop for long
 * (undici's `Response.formData()` parsed a buffered 24 MB, 200,000-part body in one synchronous pass: 4 s).
 * Accepts at most one file part, as the audio endpoints take exactly one `file`.
 *
 * On refusal the rest of the body is read and discarded unparsed, so the client can receive the error
 * response; callers should answer refusals with `Connection: close` so a huge upload is not drained.
 */
export function parseMultipartRequest(req: IncomingMessage, limits: MultipartLimits): Promise<ParsedMultipart> {
  const contentType = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data\s*;/i.test(contentType)) {
    return Promise.reject(new HttpError(400, 'Send the request as multipart/form-data', { code: 'invalid_content_type' }));
  }
  const declaredLength = Number(req.headers['content-length']);
  if (Number.isFinite(declaredLength) && declaredLength > limits.maxBytes) {
    return Promise.reject(tooLarge(`The request body is larger than ${limits.maxBytes} bytes`, 'request_too_large'));
  }

  return new Promise<ParsedMultipart>((resolve, reject) => {
    let busboy: ReturnType<typeof Busboy>;
    try {
      busboy = Busboy({
        headers: { ...req.headers, 'content-type': contentType },
        limits: { parts: limits.maxParts, files: 1, fieldSize: limits.maxFieldBytes, fileSize: limits.maxFileBytes },
      });
    } catch (err) {
      // Thrown synchronously for a missing or unusable boundary parameter.
      reject(malformed(err instanceof Error ? err.message : 'Malformed multipart/form-data header'));
      return;
    }

    const form = new FormData();
    let file: UploadedFile | undefined;
    let fileDone: Promise<void> = Promise.resolve();
    let bytes = 0;
    let settled = false;

    const fail = (error: HttpError) => {
      if (settled) return;
      settled = true;
      req.unpipe(busboy);
      req.off('data', countBytes);
      busboy.removeAllListeners();
      // Listeners may still fire from the chunk busboy is in; errors after settling are expected noise.
      busboy.on('error', () => undefined);
      busboy.destroy();
      if (!req.readableEnded) req.resume();
      reject(error);
    };

    const countBytes = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limits.maxBytes) fail(tooLarge(`The request body is larger than ${limits.maxBytes} bytes`, 'request_too_large'));
    };

    const nameTooLong = (name: string) => Buffer.byteLength(name) > MAX_FIELD_NAME_BYTES;

    busboy.on('field', (name, value, _nameTruncated, valueTruncated) => {
      if (nameTooLong(name)) return fail(malformed(`A part name is longer than ${MAX_FIELD_NAME_BYTES} bytes`));
      if (valueTruncated) return fail(tooLarge(`Field "${name}" is larger than ${limits.maxFieldBytes} bytes`, 'field_too_large'));
      form.append(name, value);
    });

    busboy.on('file', (field, stream: BusboyFileStream, filename, _encoding, mimeType) => {
      if (nameTooLong(field)) return fail(malformed(`A part name is longer than ${MAX_FIELD_NAME_BYTES} bytes`));
      // Socket data is never backed by a SharedArrayBuffer, which is all the narrower type rules out for `File`.
      const chunks: Uint8Array<ArrayBuffer>[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk as Uint8Array<ArrayBuffer>));
      // A body cut off inside the file part: busboy reports it on the part's stream.
      stream.on('error', (err: unknown) => fail(malformed(err instanceof Error ? err.message : 'Malformed multipart/form-data body')));
      stream.on('limit', () => fail(tooLarge(`File "${filename}" is larger than ${limits.maxFileBytes} bytes`, 'file_too_large')));
      fileDone = new Promise((done) =>
        stream.on('end', () => {
          if (settled) return done();
          const contentType = mimeType || 'application/octet-stream';
          const uploaded = new File(chunks, filename, { type: contentType });
          file = { field, filename, contentType, file: uploaded };
          form.append(field, uploaded);
          done();
        }),
      );
    });

    busboy.on('partsLimit', () => fail(tooLarge(`The body has more than ${limits.maxParts} parts`, 'too_many_parts')));
    busboy.on('filesLimit', () => fail(malformed('Only one file part is accepted')));
    busboy.on('error', (err: unknown) => fail(malformed(err instanceof Error ? err.message : 'Malformed multipart/form-data body')));
    busboy.on('finish', () => {
      void fileDone.then(() => {
        if (settled) return;
        settled = true;
        resolve({ form, ...(file ? { file } : {}), bytes });
      });
    });

    req.on('data', countBytes);
    req.on('error', () => fail(malformed('The request body could not be read')));
    req.on('close', () => {
      if (!req.complete) fail(malformed('The client closed the request before its body was complete'));
    });
    req.pipe(busboy);
  });
}
