import type { RequestHandler } from 'express';
import { HttpError } from '@switchboard/service-kit';
import { sameDigest, sha256Hex } from './authenticate.ts';

/** What Prometheus' `authorization.credentials(_file)` can send: one token, no whitespace. */
const TOKEN_SHAPE = /^[\x21-\x7e]{16,512}$/;

/** METRICS_TOKEN, checked at startup; undefined (an open `/metrics`) when unset or empty. */
export function metricsTokenFromEnv(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const token = env.METRICS_TOKEN;
  if (token === undefined || token === '') return undefined;
  if (!TOKEN_SHAPE.test(token)) throw new Error('METRICS_TOKEN must be 16 to 512 printable characters without spaces');
  return token;
}

/**
 * `/metrics` with a scrape token: `Authorization: Bearer <METRICS_TOKEN>` or 401. The labels name model
 * groups, deployments and (with per-key metrics) keys and teams, so a reachable gateway port must not be
 * enough to read them. Compared in constant time over digests, so the length does not leak either.
 */
export function metricsScrapeAuth(token: string): RequestHandler {
  const expected = sha256Hex(token);
  const refused = () => new HttpError(401, 'Send the metrics scrape token as "Authorization: Bearer <METRICS_TOKEN>"', { code: 'invalid_metrics_token' });
  return function checkMetricsToken(req, res, next) {
    const match = /^Bearer ([\x21-\x7e]+)$/.exec(req.headers.authorization ?? '');
    if (!match || !sameDigest(sha256Hex(match[1] as string), expected)) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="metrics"');
      return next(refused());
    }
    next();
  };
}
