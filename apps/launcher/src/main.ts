import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { loadGatewayConfig } from '@switchboard/config';
import { ROUTE_TABLE, withCustomGatewayRoutes } from '@switchboard/route-allowlist';
import { createLogger, intFromEnv } from '@switchboard/service-kit';
import { runToCompletion, startChild, type ManagedChild } from './child-process.ts';
import { DataFolderLockedError, embeddedDatabaseSettings, startEmbeddedDatabase, type EmbeddedDatabase } from './embedded-database.ts';
import { createFront } from './front.ts';
import { localDefaults } from './local-defaults.ts';
import { waitUntilLive } from './wait-until-live.ts';

/**
 * `npm start`: builds what is stale (Nx caches the rest), starts gateway and backend from their bundles,
 * and serves the single origin on port 3000. `--ui=dev` (used by `nx serve ui`) puts `next dev` behind the
 * front instead of the static export.
 */
const logger = createLogger('launcher');
const root = resolve(import.meta.dirname, '../../..');
const uiDev = process.argv.includes('--ui=dev');
const skipBuild = process.argv.includes('--no-build');

const frontPort = intFromEnv(process.env, 'FRONT_PORT', 3000, { max: 65_535 });
const gatewayPort = intFromEnv(process.env, 'GATEWAY_PORT', 4000, { max: 65_535 });
const backendPort = intFromEnv(process.env, 'BACKEND_PORT', 4001, { max: 65_535 });
const uiDevPort = intFromEnv(process.env, 'UI_DEV_PORT', 3100, { max: 65_535 });
const nxEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NEXT_TELEMETRY_DISABLED: '1' };

// With no DATABASE_URL / DATABASE_HOST, the children share an embedded PostgreSQL (PGlite) migrated here.
let embedded: EmbeddedDatabase | undefined;
try {
  const embeddedSettings = embeddedDatabaseSettings(process.env, root);
  if (embeddedSettings) embedded = await startEmbeddedDatabase(embeddedSettings, logger);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  logger.fatal({ err: err instanceof DataFolderLockedError ? undefined : err }, `cannot start the embedded database: ${message}`);
  process.exit(1);
}
const databaseEnv = embedded ? { DATABASE_URL: embedded.url, DISABLE_SCHEMA_UPDATE: 'true' } : {};
const defaults = localDefaults(process.env, root, resolve(process.env.SWITCHBOARD_STATE_DIR ?? resolve(root, '.switchboard')));
for (const note of defaults.notes) logger.info(note);

if (!skipBuild) {
  const projects = uiDev ? 'gateway,backend' : 'gateway,backend,ui';
  logger.info({ projects }, 'building (cached builds are reused)');
  await runToCompletion('npx', ['nx', 'run-many', '-t', 'build', '-p', projects, '--outputStyle=static'], nxEnv);
}

const serviceEnv = (port: number) => ({ ...process.env, ...defaults.env, ...databaseEnv, PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_DRAIN_MS: process.env.SHUTDOWN_DRAIN_MS ?? '0' });
const children: ManagedChild[] = [
  startChild('gateway', process.execPath, [resolve(root, 'dist/apps/gateway/main.mjs')], serviceEnv(gatewayPort), logger),
  startChild('backend', process.execPath, [resolve(root, 'dist/apps/backend/main.mjs')], serviceEnv(backendPort), logger),
];
if (uiDev) {
  children.push(startChild('ui', 'npx', ['next', 'dev', 'apps/ui', '--port', String(uiDevPort), '--hostname', '127.0.0.1'], nxEnv, logger));
}

// The config's pass_through_endpoints are gateway routes: the front must send them there, not to the backend.
let routeTable = ROUTE_TABLE;
try {
  routeTable = withCustomGatewayRoutes(loadGatewayConfig([], { ...process.env, ...defaults.env }).settings.passThroughEndpoints);
} catch (err) {
  logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'the config could not be read for its pass_through_endpoints; the gateway will say why');
}
const { app, upgrade } = createFront({
  routeTable,
  gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
  backendUrl: `http://127.0.0.1:${backendPort}`,
  ui: uiDev ? { devServerUrl: `http://127.0.0.1:${uiDevPort}` } : { staticDir: resolve(root, 'apps/ui/out') },
  logger,
});
const front = createServer(app);
if (upgrade) front.on('upgrade', upgrade);
front.listen(frontPort, () => {
  void waitUntilLive([`http://127.0.0.1:${gatewayPort}/health/liveliness`, `http://127.0.0.1:${backendPort}/health/liveliness`], 60_000).then((live) => {
    if (live) logger.info(`Switchboard is up: http://localhost:${frontPort}/ui/ (gateway :${gatewayPort}, backend :${backendPort})`);
    else logger.warn(`the front listens on http://localhost:${frontPort}/ui/, but the gateway or the backend has not answered for a minute: see their logs above`);
  });
});

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  front.close();
  front.closeAllConnections();
  await Promise.all(children.map((child) => child.stop()));
  await embedded?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));
