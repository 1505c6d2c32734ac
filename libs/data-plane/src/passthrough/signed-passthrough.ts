import type { IncomingHttpHeaders } from 'node:http';
import type { Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { request } from 'undici';
import { ProviderError, SecretMask, signAwsRequest } from '@switchboard/providers';
import { HttpError, sendError } from '@switchboard/service-kit';
import { PASSTHROUGH_IDLE_TIMEOUT_MS } from './passthrough-proxy.ts';
import type { BedrockUpstream } from './resolve-bedrock-upstream.ts';

/** The whole body is read before signing (SigV4 covers its hash), so it is bounded. */
export const SIGNED_PASSTHROUGH_MAX_BODY_BYTES = 32 * 1024 * 1024;

/** Client headers that describe the body and the wanted answer; nothing else of the client's goes upstream. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'x-amzn-bedrock-accept', 'x-amzn-bedrock-content-type', 'x-amzn-bedrock-trace', 'x-amzn-bedrock-guardrailidentifier', 'x-amzn-bedrock-guardrailversion', 'x-amzn-bedrock-performanceconfig-latency'];
/** Upstream headers never relayed: hop-by-hop ones, cookies for the gateway's domain, and the gateway's own request id. */
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'set-cookie', 'x-request-id']);

async function readBody(req: Request): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const part of req as AsyncIterable<Buffer>) {
    size += part.length;
    if (size > SIGNED_PASSTHROUGH_MAX_BODY_BYTES) throw new HttpError(413, `Request body is larger than ${SIGNED_PASSTHROUGH_MAX_BODY_BYTES} bytes`, { code: 'request_too_large' });
    parts.push(part);
  }
  return Buffer.concat(parts);
}

function forwardedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') out[name] = value;
  }
  return out;
}

function relayHeaders(res: Response, headers: IncomingHttpHeaders): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) res.setHeader(name, value);
  }
  const upstreamId = headers['x-amzn-requestid'] ?? headers['x-request-id'];
  if (upstreamId !== undefined) res.setHeader('x-upstream-request-id', upstreamId);
}

/**
 * `/bedrock/*` passthrough: Bedrock authenticates each request with a SigV4 signature over method, path,
 * query, headers and the whole body, so the streaming proxy cannot be used. The body is read, the
 * request signed as it will be sent (undici, never following redirects), and the answer (JSON or
 * event-stream bytes) relayed as it arrives. The client's own credential headers are never sent.
 */
export function signedBedrockPassthrough(prefix: string, upstreamOf: (req: Request) => BedrockUpstream, logger: Logger, onFailure: (req: Request, failure: string) => void): RequestHandler {
  return async function bedrockPassthrough(req, res) {
    const upstream = upstreamOf(req);
    const rest = req.originalUrl.slice(prefix.length);
    const url = upstream.base + (rest.startsWith('/') ? rest : `/${rest}`);
    const body = await readBody(req);
    const method = req.method.toUpperCase();
    const hasBody = method !== 'GET' && method !== 'HEAD';
    let signed: Record<string, string>;
    try {
      signed = await signAwsRequest({ method, url, headers: forwardedHeaders(req.headers), body: hasBody ? body : '', region: upstream.region, service: 'bedrock', credentials: upstream.credentials });
    } catch (error) {
      onFailure(req, 'passthrough_not_configured');
      throw error instanceof ProviderError ? new HttpError(503, error.message, { type: 'api_error', code: 'passthrough_not_configured' }) : error;
    }
    const abort = new AbortController();
    res.once('close', () => !res.writableFinished && abort.abort());
    let answer;
    try {
      answer = await request(url, { method: method as 'POST', headers: signed, ...(hasBody ? { body } : {}), signal: abort.signal, maxRedirections: 0, headersTimeout: PASSTHROUGH_IDLE_TIMEOUT_MS, bodyTimeout: PASSTHROUGH_IDLE_TIMEOUT_MS });
    } catch (error) {
      if (abort.signal.aborted) return;
      onFailure(req, 'upstream_unreachable');
      logger.warn({ requestId: req.requestId, provider: 'bedrock', code: (error as { code?: string }).code }, 'passthrough upstream failed');
      if (!res.headersSent) sendError(res, new HttpError(502, 'The bedrock upstream could not be reached', { code: 'upstream_unreachable' }));
      return;
    }
    res.status(answer.statusCode);
    relayHeaders(res, answer.headers);
    res.flushHeaders();
    // The deployment's AWS keys are masked in the answer; a masked event-stream frame fails its CRC at the
    // client, which is better than delivering the key.
    const masker = SecretMask.of(upstream.secrets).stream();
    try {
      for await (const chunk of answer.body) if (!res.write(masker.push(chunk))) await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
      res.end(masker.end());
    } catch {
      if (!abort.signal.aborted) onFailure(req, 'upstream_unreachable'); // a client that left is not an upstream failure
      res.destroy(); // cut mid-response: the client sees the cut, never a made-up ending
    }
  };
}
