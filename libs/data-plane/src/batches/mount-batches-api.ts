import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError, uuidV7, type ServiceApp } from '@switchboard/service-kit';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { fileOwnerOf, fileScopeOf } from '../files/file-scope.ts';
import { jsonBody } from '../json-body.ts';
import { validateBody } from '../request-schemas.ts';
import { batchObject } from './batch-object.ts';
import { BATCH_ENDPOINTS, countBatchLines, type BatchEndpoint } from './batch-input.ts';
import type { BatchStore } from './batch-store.ts';

/** OpenAI's only completion window. */
const WINDOW_MS = 24 * 3600 * 1000;

const createSchema = z
  .object({
    input_file_id: z.string().min(1),
    endpoint: z.enum(Object.keys(BATCH_ENDPOINTS) as [BatchEndpoint, ...BatchEndpoint[]]),
    completion_window: z.literal('24h'),
    // OpenAI's limits: 16 pairs, keys up to 64 characters, values up to 512.
    metadata: z.record(z.string().max(64), z.string().max(512)).refine((value) => Object.keys(value).length <= 16, 'at most 16 pairs').nullable().optional(),
  })
  .strict();

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20), after: z.string().min(1).optional() }).passthrough();

const notFound = (id: string) => new HttpError(404, `No such Batch object: ${id}`, { code: 'batch_not_found', param: 'batch_id' });

function storesOf(deps: DataPlaneDeps): { batches: BatchStore; files: NonNullable<DataPlaneDeps['files']> } {
  if (!deps.batches || !deps.files) throw new HttpError(400, 'The batches API keeps batches in the database: configure one (DATABASE_URL, or `npm start` for the embedded default)', { code: 'batches_need_database' });
  return { batches: deps.batches, files: deps.files };
}

const batchIdOf = (req: Request) => String(req.params.batch_id);

/**
 * OpenAI's batches API (`/v1/batches`, and `/batches` as LiteLLM serves it): create from an uploaded `batch` file,
 * retrieve, list, cancel. The gateway runs each line through its call pipeline as the key that made the batch
 * (batch-runner.ts); batches are owned as files are (file-scope.ts).
 */
export function mountBatchesApi(service: ServiceApp, deps: DataPlaneDeps, authn: RequestHandler, routeGate: RequestHandler): void {
  const json = jsonBody(deps.maxRequestBytes);
  for (const prefix of ['/v1/batches', '/batches']) {
    service.route('post', prefix, authn, routeGate, ...json, async (req, res) => {
      const { batches, files } = storesOf(deps);
      const body = validateBody(createSchema, req.body);
      const scope = fileScopeOf(req.principal);
      const input = await files.find(body.input_file_id, scope);
      if (!input) throw new HttpError(404, `No such File object: ${body.input_file_id}`, { code: 'file_not_found', param: 'input_file_id' });
      if (input.purpose !== 'batch') throw new HttpError(400, `input file ${input.id} has purpose "${input.purpose}": upload it with purpose "batch"`, { param: 'input_file_id', code: 'invalid_batch_input' });
      // The lines are checked as the batch validates (OpenAI's flow: a bad line fails the batch, with `errors`).
      const total = countBatchLines((await files.content(input.id, scope)) as Buffer);
      const batch = await batches.insert({
        id: `batch_${randomBytes(16).toString('hex')}`,
        endpoint: body.endpoint,
        inputFileId: input.id,
        completionWindow: body.completion_window,
        requestId: uuidV7(),
        total,
        expiresAt: new Date(Date.now() + WINDOW_MS),
        ...(body.metadata ? { metadata: body.metadata } : {}),
        ...fileOwnerOf(req.principal),
      });
      deps.batchRunner?.wake();
      res.json(batchObject(batch));
    });
    service.route('get', prefix, authn, routeGate, async (req, res) => {
      const { batches } = storesOf(deps);
      const { limit = 20, after } = validateBody(listQuery, req.query);
      const page = await batches.list({ scope: fileScopeOf(req.principal), limit: limit + 1, ...(after !== undefined ? { after } : {}) });
      const data = page.slice(0, limit).map(batchObject);
      res.json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.length > limit });
    });
    service.route('get', `${prefix}/:batch_id`, authn, routeGate, async (req, res) => {
      const batch = await storesOf(deps).batches.find(batchIdOf(req), fileScopeOf(req.principal));
      if (!batch) throw notFound(batchIdOf(req));
      res.json(batchObject(batch));
    });
    service.route('post', `${prefix}/:batch_id/cancel`, authn, routeGate, async (req, res) => {
      const batch = await storesOf(deps).batches.cancel(batchIdOf(req), fileScopeOf(req.principal));
      if (!batch) throw notFound(batchIdOf(req));
      if (batch.status !== 'cancelling' && batch.status !== 'cancelled') throw new HttpError(409, `Cannot cancel a batch with status ${batch.status}`, { code: 'batch_not_cancellable', param: 'batch_id' });
      deps.batchRunner?.wake();
      res.json(batchObject(batch));
    });
  }
}
