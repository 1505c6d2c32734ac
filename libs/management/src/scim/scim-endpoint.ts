import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { securityHeaders, type EndpointRegistry } from '../http/endpoint.ts';
import { parseInput } from '../http/validate.ts';
import { authenticateScimCaller } from './authenticate-scim-caller.ts';
import { renderScimError } from './scim-error.ts';

export interface ScimEndpoint<B extends z.ZodTypeAny | undefined> {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  summary: string;
  body?: B;
  /** Returns the resource (200, or 201 when `created`), or undefined for 204. */
  handler: (context: { req: Request; caller: Caller; body: B extends z.ZodTypeAny ? z.output<B> : undefined }) => Promise<{ status?: 200 | 201; resource: unknown } | undefined>;
}

// Identity providers send `application/scim+json` (RFC 7644 §3.1); some send plain JSON.
const scimJsonParser = express.json({ limit: '256kb', strict: true, type: ['application/json', 'application/scim+json'] });

/** Mounts one SCIM endpoint: SCIM credentials only, SCIM's media type, every error in SCIM's error shape. */
export function mountScimEndpoint<B extends z.ZodTypeAny | undefined>(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry, endpoint: ScimEndpoint<B>): void {
  // OpenAPI writes a path parameter `{id}` where Express writes `:id`.
  registry.push({ method: endpoint.method, paths: [endpoint.path.replace(/:(\w+)/g, '{$1}')], summary: endpoint.summary, body: endpoint.body });
  const handle: RequestHandler = async (req: Request, res: Response) => {
    try {
      const caller = await authenticateScimCaller(deps, req);
      req.caller = caller;
      const body = endpoint.body ? parseInput(endpoint.body, req.body) : undefined;
      const result = await endpoint.handler({ req, caller, body: body as Parameters<typeof endpoint.handler>[0]['body'] });
      if (result === undefined) res.status(204).end();
      else res.status(result.status ?? 200).type('application/scim+json').send(JSON.stringify(result.resource));
    } catch (err) {
      renderScimError(err, res, deps.logger);
    }
  };
  const parsers = endpoint.method === 'get' || endpoint.method === 'delete' ? [] : [scimJsonParser];
  service.route(endpoint.method, endpoint.path, securityHeaders, ...parsers, handle);
}
