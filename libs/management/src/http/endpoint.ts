import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import type { ServiceApp } from '@switchboard/service-kit';
import { authenticateCaller } from '../auth/authenticate-caller.ts';
import type { Caller } from '../auth/caller.ts';
import { assertSameOrigin } from '../auth/csrf.ts';
import type { ManagementDeps } from '../deps.ts';
import { parseInput } from './validate.ts';

const MAX_BODY = '256kb';

export interface EndpointContext<B, Q> {
  req: Request;
  res: Response;
  caller: Caller;
  body: B;
  query: Q;
}

export interface Endpoint<B extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined, Q extends z.ZodTypeAny | undefined = z.ZodTypeAny | undefined> {
  /** LiteLLM's method; PATCH and DELETE routes take a JSON body like POST. */
  method: 'get' | 'post' | 'patch' | 'delete';
  /** The reference path plus any aliases (`/end_user/...` for `/customer/...`). */
  paths: readonly string[];
  summary: string;
  /** Request body schema (also the OpenAPI request body: written once). */
  body?: B;
  query?: Q;
  handler: (context: EndpointContext<B extends z.ZodTypeAny ? z.output<B> : undefined, Q extends z.ZodTypeAny ? z.output<Q> : undefined>) => Promise<unknown>;
}

/** What `/openapi.json` is generated from: every mounted path with its schemas. */
export type EndpointDoc = Pick<Endpoint, 'paths' | 'summary' | 'body' | 'query'> & { method: Endpoint['method'] | 'put'; public?: boolean };
export type EndpointRegistry = EndpointDoc[];

export const securityHeaders: RequestHandler = function securityHeaders(_req, res, next) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Cache-Control', 'no-store');
  next();
};

const jsonParser = express.json({ limit: MAX_BODY, strict: true });

/** Mounts one endpoint on each of its paths: headers → body → caller → CSRF → validated input → handler → JSON. */
export function mountEndpoint<B extends z.ZodTypeAny | undefined, Q extends z.ZodTypeAny | undefined>(
  service: ServiceApp,
  deps: ManagementDeps,
  registry: EndpointRegistry,
  endpoint: Endpoint<B, Q>,
): void {
  registry.push({ method: endpoint.method, paths: endpoint.paths, summary: endpoint.summary, body: endpoint.body, query: endpoint.query });
  const handle: RequestHandler = async (req, res) => {
    const caller = await authenticateCaller(deps, req);
    req.caller = caller;
    if (caller.via === 'session' && endpoint.method !== 'get') assertSameOrigin(req, deps.allowedOrigins ?? []);
    const body = endpoint.body ? parseInput(endpoint.body, req.body) : undefined;
    const query = endpoint.query ? parseInput(endpoint.query, req.query, 'query') : undefined;
    const result = await endpoint.handler({ req, res, caller, body, query } as Parameters<typeof endpoint.handler>[0]);
    res.json(result);
  };
  for (const path of endpoint.paths) {
    if (endpoint.method === 'get') service.route('get', path, securityHeaders, handle);
    else service.route(endpoint.method, path, securityHeaders, jsonParser, handle);
  }
}
