import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceApp } from './create-service-app.ts';
import { DeferredHeadersResponse } from './deferred-headers.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from './service-settings.ts';

export interface RunOptions {
  port: number;
  host?: string;
  /** How long readiness says 503 while we still serve, so the balancer stops sending (SHUTDOWN_DRAIN_MS). */
  drainMs: number;
  /** How long in-flight requests and streams may take to finish once we stop accepting. */
  graceMs: number;
  /** Runs after the last request finished: flush spend, close pools. */
  onShutdown?: () => Promise<void>;
  /** Above the load balancer's idle timeout (60 s on the common ones), or it sees sporadic 502s. */
  keepAliveTimeoutMs?: number;
  /** Time to receive a request's headers; DEFAULT_HEADERS_TIMEOUT_MS when absent. */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, body included; DEFAULT_REQUEST_TIMEOUT_MS when absent. */
  requestTimeoutMs?: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
}

export interface RunningService {
  readonly server: Server;
  readonly port: number;
  /** The shutdown sequence of SPEC §6; resolves once everything is flushed. */
  shutdown(reason: string): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function runService(serviceApp: ServiceApp, options: RunOptions): Promise<RunningService> {
  const { logger, health } = serviceApp;
  const app = serviceApp.finalize();
  let closing = false;
  let inFlight = 0;
  let idle: (() => void) | undefined;

  const headersTimeout = options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS, headersTimeout);
  // Node's request timeout covers receiving the request only: once the body is in, the connection leaves
  // the checked list, so long streamed answers are never cut (run-service.test.ts pins both). Node checks
  // on an interval (30 s by default); a finer one makes the timeouts hold to within a second.
  const connectionsCheckingInterval = Math.min(1_000, Math.max(50, Math.floor(headersTimeout / 4)));
  const server = createServer({ headersTimeout, requestTimeout, connectionsCheckingInterval, ServerResponse: DeferredHeadersResponse }, (req, res) => {
    inFlight++;
    // Once we stop accepting, every response tells the client to open its next request elsewhere.
    if (closing) res.setHeader('Connection', 'close');
    res.on('close', () => {
      inFlight--;
      if (inFlight === 0) idle?.();
    });
    app(req, res);
  });
  server.keepAliveTimeout = options.keepAliveTimeoutMs ?? 65_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '0.0.0.0', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  logger.info({ port }, `${serviceApp.service} listening`);

  let shuttingDown: Promise<void> | undefined;
  const shutdown = (reason: string): Promise<void> => {
    shuttingDown ??= (async () => {
      logger.info({ reason, drainMs: options.drainMs, graceMs: options.graceMs }, 'shutdown: readiness now 503, draining');
      health.draining = true;
      await sleep(options.drainMs);
      logger.info({ inFlight }, 'shutdown: no longer accepting connections');
      closing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        const drained = new Promise<void>((resolve) => {
          idle = resolve;
        });
        await Promise.race([drained, sleep(options.graceMs)]);
        if (inFlight > 0) logger.warn({ inFlight }, 'shutdown: grace period over, closing remaining connections');
      }
      server.closeAllConnections();
      await closed;
      if (options.onShutdown) await options.onShutdown();
      logger.info('shutdown: complete');
    })();
    return shuttingDown;
  };

  for (const signal of options.signals ?? []) {
    process.once(signal, () => {
      shutdown(signal).then(
        () => (options.exit ?? process.exit)(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          (options.exit ?? process.exit)(1);
        },
      );
    });
  }
  return { server, port, shutdown };
}
