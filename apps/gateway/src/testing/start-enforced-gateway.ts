import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import { createPostgresTestDatabase, insertKey, openDatabase, type OpenedDatabase, type PostgresTestDatabase } from '@switchboard/db';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayCore, mountGatewayRoutes, startBatchRunner, type GatewayCore } from '../app.ts';
import { moderateThroughGateway, type BatchRunner, type DataPlaneDeps } from '@switchboard/data-plane';
import { createGuardrails } from '@switchboard/guardrails';
import { connectState, type GatewayState } from '../connect-state.ts';
import { createTelemetry, type GatewayTelemetry } from '../create-telemetry.ts';
import { createAlerting, type GatewayAlerting } from '../create-alerting.ts';

export interface EnforcedGateway {
  base: string;
  core: GatewayCore;
  state: GatewayState;
  /** The test's own connection to the gateway's database (rows to insert, results to read). */
  database: OpenedDatabase;
  /** Every call record the gateway settled, in order. */
  settled: CallRecord[];
  /** Tracing and the logging callbacks, wired as main wires them, when `telemetry` was asked for. */
  telemetry?: GatewayTelemetry;
  /** Slack alerting from the config and `env`, wired as main wires it, when `alerting` was asked for. */
  alerts?: GatewayAlerting;
  /** A fresh virtual key with the given columns (camelCase, as `insertKey` takes them); returns the raw key. */
  newKey(fields?: Record<string, unknown>): Promise<string>;
  /** The data-plane deps the routes run on (a test may start another batch runner on them). */
  deps: DataPlaneDeps;
  /** The batch runner (batches API), started with a 200 ms poll. */
  batchRunner?: BatchRunner;
  close(): Promise<void>;
}

const silent = createLogger('test', { level: 'silent' });

/**
 * The gateway as its main composes it (core, then state on a fresh PostgreSQL database, then routes), on port 0,
 * with keys, limits, budgets and spend rows on, and the settled call records kept for assertions. `database`:
 * another migrated database to use (an embedded PGlite, say) instead of a fresh PostgreSQL one. `telemetry`:
 * tracing and the logging callbacks from the config and `env`, each settled call handed to them as main does.
 * `alerting`: Slack alerting from the config and `env`, as main wires it.
 */
export async function startEnforcedGateway(config: GatewayConfig, journalPrefix: string, options: { env?: Record<string, string>; database?: { url: string; drop(): Promise<void> }; telemetry?: boolean; alerting?: boolean; batchRunner?: { leaseMs?: number; concurrency?: number } } = {}): Promise<EnforcedGateway> {
  const testDb: Pick<PostgresTestDatabase, 'url' | 'drop'> = options.database ?? (await createPostgresTestDatabase());
  const database = openDatabase({ DATABASE_URL: testDb.url }, { logger: silent });
  const env = { DATABASE_URL: testDb.url, SPEND_JOURNAL_DIR: mkdtempSync(join(tmpdir(), journalPrefix)), PORT: '0', ...options.env };
  const settled: CallRecord[] = [];
  const core = createGatewayCore(config, silent);
  const telemetry = options.telemetry ? createTelemetry(config, env, silent, core.metrics) : undefined;
  const alerts = options.alerting ? createAlerting(config, env, silent, core.metrics) : undefined;
  if (alerts) core.alerts = alerts;
  const state = await connectState(env, config, { router: core.router, priceBook: core.priceBook, health: core.service.health, metrics: core.metrics, storedPrompts: core.storedPrompts, ...(alerts ? { alerts } : {}) }, silent);
  // The config's guardrails, as main builds them (none when it has none).
  const guardrails = createGuardrails(config.sections.guardrails ?? config.sections.litellmSettings.guardrails, { moderate: moderateThroughGateway });
  const deps = mountGatewayRoutes(core, {
    admit: state.admit,
    guardrails,
    ...(state.cache ? { cache: state.cache } : {}),
    ...(state.files ? { files: state.files } : {}),
    ...(state.batches ? { batches: state.batches.store } : {}),
    ...(state.verifyKey ? { verifyKey: state.verifyKey } : {}),
    ...(telemetry ? { tracing: telemetry.tracing } : {}),
    ...(alerts ? { alerting: () => (alerts.alerter.settings ? ['slack'] : []) } : {}),
    services: { ...(alerts ? { alerter: alerts.alerter } : {}), ...(telemetry ? { testCallback: telemetry.testCallback } : {}) },
    onSettled: (record) => {
      settled.push(record);
      telemetry?.logCall(record);
      alerts?.callSettled(record);
      return state.onSettled?.(record);
    },
  });
  const batchRunner = state.batches ? startBatchRunner(deps, state.batches.principalOf, { pollMs: 200, ...options.batchRunner }) : undefined;
  const gateway: RunningService = await runService(core.service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 1000 });
  return {
    deps,
    ...(batchRunner ? { batchRunner } : {}),
    base: `http://127.0.0.1:${gateway.port}`,
    core,
    state,
    database,
    settled,
    ...(telemetry ? { telemetry } : {}),
    ...(alerts ? { alerts } : {}),
    async newKey(fields = {}) {
      const rawKey = `sk-test-${randomUUID()}`;
      await insertKey(database.db, { rawKey, ...fields } as Parameters<typeof insertKey>[1]);
      return rawKey;
    },
    async close() {
      await gateway.shutdown('test');
      await batchRunner?.stop();
      await state.close();
      await telemetry?.shutdown();
      await alerts?.close();
      await database.close();
      await testDb.drop();
    },
  };
}
