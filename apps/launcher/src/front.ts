import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type RequestHandler } from 'express';
import { createProxyMiddleware } from 'http-proxy-middleware';
import type { Logger } from 'pino';
import { isClusterOnly, normalizePath, ownerOf, ROUTE_TABLE, type RouteRule, type Service } from '@switchboard/route-allowlist';
import { HttpError, openAiErrorBody } from '@switchboard/service-kit';

export interface FrontOptions {
  gatewayUrl: string;
  backendUrl: string;
  /** The static export (`apps/ui/out`), or the URL of `next dev` for `nx serve ui`. */
  ui: { staticDir: string } | { devServerUrl: string };
  logger: Logger;
  /** The route table with the config's custom pass-through routes (withCustomGatewayRoutes); the plain table by default. */
  routeTable?: readonly RouteRule[];
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * The dashboard's Content-Security-Policy: the same string the UI image's nginx sends (tools/deploy-gen
 * `UI_CSP`, written into docker/ui/nginx.conf.template; front.test.ts checks they are equal). Next's static
 * export bootstraps each page with inline scripts, hence 'unsafe-inline' for scripts; nothing needs eval,
 * and nothing loads from another origin.
 */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Every response of the static dashboard, pages, assets and 404s alike (as nginx's `add_header ... always`). */
export const UI_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': UI_CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
};

const uiSecurityHeaders: RequestHandler = function uiSecurityHeaders(_req, res, next) {
  for (const [name, value] of Object.entries(UI_SECURITY_HEADERS)) res.setHeader(name, value);
  next();
};

/**
 * The single origin of `npm start`: every path goes where libs/route-allowlist says, the same table the
 * UI image's nginx and the Helm ingress are generated from. Paths nobody owns fall to the backend, as in
 * the reference ingress's catch-all, which answers them with its JSON 404.
 */
export function createFront(options: FrontOptions): { app: Express; upgrade: ReturnType<typeof createProxyMiddleware>['upgrade'] | undefined } {
  const app = express();
  app.set('x-powered-by', false);
  app.set('case sensitive routing', true);
  app.set('strict routing', true);

  const proxyTo = (service: Service, target: string) =>
    createProxyMiddleware({
      target,
      xfwd: true,
      ws: service === 'ui',
      on: {
        error(err, _req, res) {
          options.logger.warn({ target: service, err: (err as Error).message }, 'front: upstream unreachable');
          if ('writeHead' in res && !res.headersSent) {
            const body = openAiErrorBody(new HttpError(502, `${service} is not reachable`, { code: 'upstream_unavailable' }));
            res.writeHead(502, { 'content-type': 'application/json' });
            res.end(JSON.stringify(body));
          } else {
            res.destroy();
          }
        },
      },
    });
  const gateway = proxyTo('gateway', options.gatewayUrl);
  const backend = proxyTo('backend', options.backendUrl);
  const uiDev = 'devServerUrl' in options.ui ? proxyTo('ui', options.ui.devServerUrl) : undefined;

  const route: RequestHandler = (req, res, next) => {
    const normalized = normalizePath(req.url);
    if (!normalized.ok) {
      res.status(400).json(openAiErrorBody(new HttpError(400, `Invalid request path: ${normalized.reason}`, { code: 'invalid_path' })));
      return;
    }
    req.url = normalized.path + normalized.query;
    const path = normalized.path;
    if (path === '/') {
      res.redirect(302, '/ui/');
      return;
    }
    if (isClusterOnly(path)) {
      // The same 404 as the UI image's nginx: /metrics is scraped on the gateway's own port, never here.
      res.status(404).json(openAiErrorBody(new HttpError(404, 'Not found', { code: 'not_found' })));
      return;
    }
    const owner = ownerOf(path, options.routeTable ?? ROUTE_TABLE);
    if (owner === 'gateway') return gateway(req, res, next);
    if (owner === 'ui') return uiDev ? uiDev(req, res, next) : next();
    return backend(req, res, next);
  };
  app.use(route);

  if ('staticDir' in options.ui) {
    const staticDir = options.ui.staticDir;
    // Only for the export: `next dev` (nx serve ui) needs eval for hot reload, so it runs without a CSP.
    app.use('/ui', uiSecurityHeaders);
    app.use(
      '/ui',
      express.static(staticDir, {
        index: 'index.html',
        redirect: true,
        setHeaders(res, filePath) {
          // Hashed assets never change; HTML and RSC payloads must be revalidated on every deploy.
          res.setHeader('Cache-Control', filePath.includes(`${join('_next', 'static')}`) ? IMMUTABLE : 'no-cache');
        },
      }),
    );
    app.use('/ui', (req, res) => {
      // Never the HTML fallback for an RSC payload (the reference's login redirect loop came from that).
      const notFoundPage = join(staticDir, '404.html');
      if (!req.path.endsWith('.txt') && existsSync(notFoundPage)) {
        res.status(404).setHeader('Cache-Control', 'no-cache').sendFile(notFoundPage);
        return;
      }
      res.status(404).type('text/plain').send('Not found');
    });
  }
  return { app, upgrade: uiDev?.upgrade };
}
