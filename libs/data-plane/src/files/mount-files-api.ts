import { randomBytes } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { routeGate } from '../route-gate.ts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { fileObject } from './file-object.ts';
import { fileOwnerOf, fileScopeOf } from './file-scope.ts';
import type { FileStore } from './file-store.ts';
import { readUpload } from './read-upload.ts';
import { validateBody } from '../request-schemas.ts';

/** OpenAI's list bounds: 1 to 10,000 per page, 10,000 when not given. */
const listQuery = z
  .object({
    purpose: z.string().min(1).optional(),
    limit: z.coerce.number().int().min(1).max(10_000).default(10_000),
    order: z.enum(['asc', 'desc']).default('desc'),
    after: z.string().min(1).optional(),
  })
  .passthrough();

const notFound = (id: string) => new HttpError(404, `No such File object: ${id}`, { code: 'file_not_found', param: 'file_id' });

/** The store, or the answer of a gateway without a database. */
function storeOf(deps: DataPlaneDeps): FileStore {
  if (!deps.files) throw new HttpError(400, 'The files API keeps files in the database: configure one (DATABASE_URL, or `npm start` for the embedded default)', { code: 'files_need_database' });
  return deps.files;
}

const fileIdOf = (req: Request) => String(req.params.file_id);

/**
 * OpenAI's files API (`/v1/files`, and `/files` as LiteLLM serves it): upload, list, retrieve, content, delete.
 * Files are kept in the gateway's database, owned as file-scope.ts says; another owner's file is a 404.
 */
export function mountFilesApi(service: ServiceApp, deps: DataPlaneDeps, authn: RequestHandler): void {
  for (const prefix of ['/v1/files', '/files']) {
    service.route('post', prefix, authn, routeGate, async (req, res) => {
      const store = storeOf(deps);
      const upload = await readUpload(req, deps.maxRequestBytes);
      const stored = await store.insert({
        id: `file-${randomBytes(16).toString('hex')}`,
        purpose: upload.purpose,
        filename: upload.filename,
        content: upload.content,
        ...(upload.expiresAfterSeconds !== undefined ? { expiresAt: new Date(Date.now() + upload.expiresAfterSeconds * 1000) } : {}),
        ...fileOwnerOf(req.principal),
      });
      res.json(fileObject(stored));
    });
    service.route('get', prefix, authn, routeGate, async (req, res) => {
      const store = storeOf(deps);
      const { purpose, limit = 10_000, order = 'desc', after } = validateBody(listQuery, req.query);
      // One more than asked tells whether there is another page.
      const page = await store.list({ scope: fileScopeOf(req.principal), limit: limit + 1, order, ...(purpose !== undefined ? { purpose } : {}), ...(after !== undefined ? { after } : {}) });
      const data = page.slice(0, limit).map(fileObject);
      res.json({ object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: page.length > limit });
    });
    service.route('get', `${prefix}/:file_id`, authn, routeGate, async (req, res) => {
      const file = await storeOf(deps).find(fileIdOf(req), fileScopeOf(req.principal));
      if (!file) throw notFound(fileIdOf(req));
      res.json(fileObject(file));
    });
    service.route('get', `${prefix}/:file_id/content`, authn, routeGate, async (req, res) => {
      const content = await storeOf(deps).content(fileIdOf(req), fileScopeOf(req.principal));
      if (!content) throw notFound(fileIdOf(req));
      res.setHeader('Content-Type', 'application/octet-stream');
      res.end(content);
    });
    service.route('delete', `${prefix}/:file_id`, authn, routeGate, async (req, res) => {
      if (!(await storeOf(deps).delete(fileIdOf(req), fileScopeOf(req.principal)))) throw notFound(fileIdOf(req));
      res.json({ id: fileIdOf(req), object: 'file', deleted: true });
    });
  }
}
