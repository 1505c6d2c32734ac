import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { buildDeployments, credentialNameOf, routerSettingsWithOverrides, storedPromptsOverride, type GatewayConfig } from '@switchboard/config';
import { sha256Hex, type BatchPrincipalOf, type BatchStore, type FileStore, type GatewayMetrics } from '@switchboard/data-plane';
import type { Admit, AdmitDeployment, CallRecord, KeyVerifier } from '@switchboard/contracts';
import { DatabaseNotConfiguredError, answeredBatchLines, claimBatch, databaseErrorSummary, deleteExpiredFiles, findBatch, finishBatch, insertBatch, listBatches, recordBatchLine, renewBatchLease, requestBatchCancel, deleteFile, findFile, insertFile, listFiles, readFileContent, type Database, ensureSemanticCacheSchema, pruneSemanticCache, endUserSpendInTenant, findBudgetById, findCustomerById, insertSpendJournalLines, openDatabase, listTagLimits, readProxyConfig, resetDueBudgets, tagSpendSince, type OpenedDatabase } from '@switchboard/db';
import { checkKeyUsable, createAdmit, createDeploymentAdmit, createKeyVerifier, EndUserLimitCache, KeyCache, loadDbCredentials, loadDbDeployments, TagLimitCache, loadKeyContext, OutboxFollower } from '@switchboard/enforcement';
import { type BudgetLine } from '@switchboard/contracts';
import { createLimitsRedis, InProcessLimiter, LeasedLimiter, RedisLimiter, redisUrlFromEnv, ResilientLimiter, waitForRedis, type Limiter } from '@switchboard/limits';
import type { PriceBook } from '@switchboard/pricing';
import type { Router } from '@switchboard/router';
import { FolderLockedError, type HealthState } from '@switchboard/service-kit';
import { SpendWriter, type SpendWriterOptions } from '@switchboard/spend';
import type { ResponseCache, SemanticIndex } from '@switchboard/response-cache';
import { pgvectorSemanticIndex } from './pgvector-semantic-index.ts';
import { createResponseCache } from './create-response-cache.ts';
import { spendJournalBase } from './worker-settings.ts';
import { envFlag } from './env-flag.ts';
import type { GatewayAlerting } from './create-alerting.ts';
import type { GatewayAlerts } from './gateway-alerts.ts';
import type { StoredPromptsSetting } from './stored-prompts-setting.ts';

/** How long a limiter call waits for Redis before this replica enforces limits on its own (as before: 50 ms). */
const LIMITS_REDIS_DEADLINE_MS = 50;

type Env = Readonly<Record<string, string | undefined>>;

export interface GatewayState {
  verifyKey?: KeyVerifier;
  admit: Admit;
  /** Deployment rpm/tpm shared through Redis; absent without Redis (the router counts per replica). */
  admitDeployment?: AdmitDeployment;
  onSettled?: (record: CallRecord) => void | Promise<void>;
  /** The response cache (`litellm_settings.cache`), when on. */
  cache?: ResponseCache;
  /** The files API's store, in the database (none without one). */
  files?: FileStore;
  /** The batches API's store, and who a batch's key is now (none without a database). */
  batches?: { store: BatchStore; principalOf: BatchPrincipalOf };
  close(): Promise<void>;
}

export interface StateCore {
  router: Router;
  priceBook: PriceBook;
  health: HealthState;
  metrics?: GatewayMetrics;
  /** Slack alerting: budgets crossed, spend writes failed, and `/config/update`'s alerting settings applied. */
  alerts?: GatewayAlerting;
  /** `store_prompts_in_spend_logs`: `/config/update`'s value applied over the file's (absent: the file's holds). */
  storedPrompts?: StoredPromptsSetting;
}

/**
 * Remaining-budget gauges, soft-budget crossings and budget alerts: a budget line is reported after its call settles
 * when one of them wants it (per-entity gauge labels only when per-key metrics are on).
 */
function budgetObserver(metrics: GatewayMetrics | undefined, alerts: GatewayAlerts | undefined): { onBudgetSettled: (line: BudgetLine, spentNano: number) => void; observesBudget: (line: BudgetLine) => boolean } | undefined {
  if (!metrics && !alerts) return undefined;
  const observesBudget = (line: BudgetLine) => Boolean(metrics?.perKeyLabels) || (metrics !== undefined && line.softNano !== undefined) || (alerts?.watchesBudgets() ?? false);
  const onBudgetSettled = (line: BudgetLine, spentNano: number) => {
    alerts?.budgetSettled(line, spentNano);
    if (!metrics) return;
    const { entity: entityType, id: entity } = line.owner;
    if (line.softNano !== undefined && spentNano > line.softNano) metrics.softBudgetCrossed.labels(entityType).inc();
    if (metrics.perKeyLabels) metrics.remainingBudget.labels(entityType, entity).set(Math.max(0, line.maxNano - spentNano) / 1e9);
  };
  return { onBudgetSettled, observesBudget };
}

/**
 * What the gateway keeps outside the request: limits (Redis when configured, in-process otherwise), and
 * with a database: virtual keys, DB models, the outbox follower and the spend writer. Without a database
 * the gateway still runs, on the config file and the master key alone.
 */
export interface ConnectOptions {
  /** Spend journals left by another worker layout (orphan-journal-dirs.ts): replayed beside this process's own. */
  adoptJournalDirs?: string[];
}

/** A writer per orphaned journal: its start replays the rows; it takes no new ones. A folder still in use is left to its owner. */
function adoptJournals(dirs: string[], options: Omit<SpendWriterOptions, 'journalDir'>, logger: Logger): SpendWriter[] {
  const adopted: SpendWriter[] = [];
  for (const journalDir of dirs) {
    try {
      const orphan = new SpendWriter({ ...options, journalDir });
      orphan.start();
      adopted.push(orphan);
      logger.info({ journal: journalDir }, 'replaying a spend journal that no process of this worker layout owns (GATEWAY_WORKERS changed)');
    } catch (error) {
      if (!(error instanceof FolderLockedError)) throw error;
      logger.warn({ journal: journalDir, pid: error.pid }, 'an orphaned spend journal is in use by another process; left to it');
    }
  }
  return adopted;
}

export async function connectState(env: Env, config: GatewayConfig, core: StateCore, logger: Logger, options: ConnectOptions = {}): Promise<GatewayState> {
  const closers: (() => Promise<void> | void)[] = [];
  const limiter = await createLimiter(env, config, logger, closers, core.metrics);
  const shared = redisUrlFromEnv(env) ?? config.router.redisUrl;
  const admitDeployment = shared ? createDeploymentAdmit(limiter) : undefined;
  const observer = budgetObserver(core.metrics, core.alerts);
  let database: OpenedDatabase | undefined;
  try {
    database = openDatabase(env, { logger, applicationName: 'switchboard-gateway' });
  } catch (error) {
    if (!(error instanceof DatabaseNotConfiguredError)) throw error;
    logger.warn('no database is configured: virtual keys, DB models and spend logs are off (master key only)');
  }
  const cacheSettings = config.settings.cache;
  if (!database) {
    const cache = cacheSettings ? await createResponseCache({ settings: cacheSettings, logger, ...(core.metrics ? { metrics: core.metrics } : {}), ...(shared ? { sharedRedisUrl: shared } : {}), closers }) : undefined;
    return {
      admit: createAdmit({ limiter, priceBook: core.priceBook, router: core.router, ...(observer ?? {}) }),
      ...(admitDeployment ? { admitDeployment } : {}),
      ...(cache ? { cache } : {}),
      close: async () => {
        for (const close of closers) await close();
      },
    };
  }
  const db = database;
  core.health.addCheck('database', () => db.check());
  // Before anything else starts: a semantic cache on a server without pgvector stops the start here.
  const semanticIndex = cacheSettings?.semantic ? await openSemanticIndex(db, cacheSettings.semantic.dimensions, logger, closers) : undefined;

  const keyCache = new KeyCache({ load: (hash) => loadKeyContext(db.db, hash, db.cipher), staleServeMs: config.settings.allowRequestsOnDbUnavailable ? 10 * 60_000 : 0 });
  const endUsers = new EndUserLimitCache({
    loadCustomerLimits: async (id) => {
      const customer = await findCustomerById(db.db, id);
      if (!customer) return undefined;
      const budget = await findBudgetById(db.db, customer.budgetId);
      // LiteLLM's `allowed_model_region` and `default_model` are kept in the customer's metadata (the management API stores them there).
      const { allowed_model_region: region, default_model: model } = customer.metadata;
      const allowedModelRegion = typeof region === 'string' ? region : undefined;
      const defaultModel = typeof model === 'string' ? model : undefined;
      if (!budget && !allowedModelRegion && !defaultModel) return undefined;
      return { ...(budget ?? {}), ...(allowedModelRegion ? { allowedModelRegion } : {}), ...(defaultModel ? { defaultModel } : {}) };
    },
    loadTenantSpend: (id, tenant, since) => endUserSpendInTenant(db.db, id, tenant, since),
  });
  const endUserLimits = endUsers.get.bind(endUsers);
  // Managed tags' budgets and limits (`/tag/new`): the limited tags in memory, read again on a tag or budget change.
  const tags = new TagLimitCache({ loadLimits: () => listTagLimits(db.db), loadSpend: (tag, since) => tagSpendSince(db.db, tag, since) });
  const refreshTags = () => tags.refresh().catch((error: unknown) => logger.error({ err: error }, 'reading the tag limits failed; the last ones read still hold'));
  await refreshTags();
  const tagLimits = tags.get.bind(tags);

  // The deployments: the file's, built again with the credentials stored through `/credentials` (a file deployment
  // may name one), and the database's (STORE_MODEL_IN_DB). A stored credential's change arrives as a model change.
  const configNamesStoredCredentials = config.deploymentSource?.entries.some((entry) => credentialNameOf(entry.litellm_params ?? entry.params ?? {}) !== undefined) ?? false;
  const refreshModels = async () => {
    if (!config.settings.storeModelInDb && !configNamesStoredCredentials) return;
    const credentials = await loadDbCredentials(db.db, db.cipher, env);
    const fromFile = config.deploymentSource ? buildDeployments(config.deploymentSource, credentials) : { deployments: config.deployments, problems: [] };
    const fromDb = config.settings.storeModelInDb ? await loadDbDeployments(db.db, db.cipher, env, credentials) : { deployments: [], warnings: [] };
    core.router.setDeployments([...fromFile.deployments, ...fromDb.deployments]);
    const problems = [...fromFile.problems.map(({ index, problem }) => `model_list[${index}]: ${problem}`), ...fromDb.warnings];
    if (problems.length > 0) logger.warn({ problems }, 'deployments that cannot use the stored credential they name go without it');
    logger.info({ dbModels: fromDb.deployments.length, storedCredentials: credentials.size }, 'deployments refreshed from the database');
  };
  await refreshModels().catch((error: unknown) => logger.error({ err: error }, 'loading DB models failed; serving config models only'));

  // `/config/update`'s settings, over the config file's: at start and on each change's invalidation.
  const applyStoredConfig = async () => {
    const stored = await readProxyConfig(db.db);
    core.alerts?.applyStored(stored.general_settings);
    core.router.updateSettings(routerSettingsWithOverrides(config.sections, stored));
    core.storedPrompts?.setOverride(storedPromptsOverride(stored));
  };
  const storedConfigFailed = (error: unknown) => logger.error({ err: error }, 'applying the stored router settings failed; routing on the settings before');
  await applyStoredConfig().catch(storedConfigFailed);

  const redisUrl = redisUrlFromEnv(env) ?? config.router.redisUrl;
  const subscriber = redisUrl ? createLimitsRedis(redisUrl, { commandTimeoutMs: 2_000 }) : undefined;
  // The client has no offline queue: a SUBSCRIBE sent before it connects is refused and retried with a warning
  // at every start. Waiting for it (as the limiter does) leaves the retry to a Redis that is really away.
  if (subscriber) await waitForRedis(subscriber);
  const follower = new OutboxFollower({
    db: db.db,
    ...(subscriber ? { subscriber } : {}),
    onEvent(event) {
      if (event.entityType === 'key') keyCache.invalidate(event.entityId);
      else if (event.entityType === 'model') void refreshModels().catch((error: unknown) => logger.error({ err: error }, 'reloading DB models failed'));
      else if (event.entityType === 'config') void applyStoredConfig().then(() => logger.info('router settings changed through /config/update applied'), storedConfigFailed);
      else if (event.entityType === 'tag') void refreshTags();
      else {
        keyCache.clear();
        endUsers.clear();
        // A budget row may be a tag's.
        if (event.entityType === 'budget') void refreshTags();
      }
    },
    onResync() {
      keyCache.clear();
      endUsers.clear();
      void refreshTags();
      void refreshModels().catch(() => undefined);
      void applyStoredConfig().catch(storedConfigFailed);
    },
    onError: (error) => logger.warn({ err: error }, 'following the outbox failed; retrying'),
    onSubscribeRetry: (error, delayMs, attempt) => logger.warn({ err: error, delayMs, attempt }, 'subscribing to key invalidations failed; retrying (the outbox poll still applies changes)'),
  });
  await follower.start().catch((error: unknown) => logger.error({ err: error }, 'outbox follower could not start; key changes are picked up when the cache expires'));

  const writerOptions = {
    insertLines: (lines: string | Buffer) => insertSpendJournalLines(db.db, lines),
    onFlushFailed: (error: unknown, pending: number) => {
      const summary = databaseErrorSummary(error);
      logger.warn({ error: summary, pendingSegments: pending }, 'spend batch failed; it stays journaled and is retried');
      core.alerts?.spendWriteFailed(summary, pending);
    },
    onTornLines: (segment: string, count: number) => logger.warn({ segment, count }, 'skipped torn journal lines (a crash mid-write)'),
    onQuarantined: (file: string, count: number) => {
      logger.error({ file, count }, 'spend events the database cannot accept were moved to a quarantine file');
      core.alerts?.spendQuarantined(count);
    },
  };
  const writer = new SpendWriter({ ...writerOptions, journalDir: spendJournalBase(env) });
  writer.start();
  const adopted = adoptJournals(options.adoptJournalDirs ?? [], writerOptions, logger);

  /** A chore any replica may run (each is idempotent), on its own timer, logged when it did something or failed. */
  const chore = (everyMs: number, run: () => Promise<number>, did: string, failed: string) => {
    const timer = setInterval(() => {
      run().then(
        (count) => count > 0 && logger.info({ count }, did),
        (error: unknown) => logger.warn({ err: error }, failed),
      );
    }, everyMs);
    timer.unref();
    closers.push(() => clearInterval(timer));
  };
  // Budget periods end on their own schedule; any replica may start the next one.
  chore(30_000, () => resetDueBudgets(db.db), 'budget periods reset', 'resetting due budgets failed; retrying');
  // Files past their `expires_after` are already hidden from every reader; this takes their bytes away.
  chore(60_000, () => deleteExpiredFiles(db.db), 'expired files deleted', 'deleting expired files failed; retrying');

  const cache = cacheSettings ? await createResponseCache({ settings: cacheSettings, logger, ...(core.metrics ? { metrics: core.metrics } : {}), ...(shared ? { sharedRedisUrl: shared } : {}), ...(semanticIndex ? { semanticIndex } : {}), closers }) : undefined;
  return {
    ...(cache ? { cache } : {}),
    files: fileStoreOf(db.db),
    batches: { store: batchStoreOf(db.db), principalOf: batchPrincipalOf(keyCache, config.settings.masterKey) },
    verifyKey: createKeyVerifier(keyCache),
    ...(admitDeployment ? { admitDeployment } : {}),
    admit: createAdmit({ limiter, priceBook: core.priceBook, router: core.router, endUserLimits, tagLimits, ...(observer ?? {}) }),
    onSettled(record) {
      if (config.settings.disableSpendLogs) return undefined;
      // Resolves once the row is journaled; the pipeline answers only then. A failed journal write rejects, and the
      // account stage logs it ('accounting hook failed', with the error) and answers still, as the database write
      // would have failed too: one catch per call, not one here and one there.
      return writer.recordCall(record);
    },
    async close() {
      follower.stop();
      await Promise.all([writer.close(), ...adopted.map((orphan) => orphan.close())]);
      for (const close of closers) await close();
      await db.close();
    },
  };
}

/**
 * The semantic cache's table, made at start (the optional migration step: only a configured semantic cache
 * needs pgvector; a server without it stops the start with SemanticCacheUnavailableError naming it), and
 * expired rows pruned every few minutes.
 */
async function openSemanticIndex(db: OpenedDatabase, dimensions: number, logger: Logger, closers: (() => Promise<void> | void)[]): Promise<SemanticIndex> {
  await ensureSemanticCacheSchema(db.db, { dimensions });
  const prune = setInterval(() => {
    pruneSemanticCache(db.db).catch((error: unknown) => logger.warn({ err: error }, 'pruning expired semantic cache rows failed; retrying'));
  }, 5 * 60_000);
  prune.unref();
  closers.push(() => clearInterval(prune));
  return pgvectorSemanticIndex(db);
}

async function createLimiter(env: Env, config: GatewayConfig, logger: Logger, closers: (() => Promise<void> | void)[], metrics?: GatewayMetrics): Promise<Limiter> {
  const local = new InProcessLimiter();
  const url = redisUrlFromEnv(env) ?? config.router.redisUrl;
  if (!url) return local;
  // LIMITS_LEASES (default true): admit most requests from capacity leased in Redis (LeasedLimiter) instead
  // of a round trip each; read before connecting, so a bad value stops the start at once.
  const leases = envFlag(env, 'LIMITS_LEASES', true);
  // Each limiter call has LIMITS_REDIS_DEADLINE_MS to get Redis's answer, counted past a stall of this process
  // (settleWithin); the client's own timeout is only the backstop for a connection that hangs.
  const client = createLimitsRedis(url);
  if (!(await waitForRedis(client))) logger.warn('Redis is not reachable yet: limits are per replica until it is');
  let lastWarning = 0;
  const warn = (error: unknown, message: string) => {
    if (Date.now() - lastWarning > 10_000) {
      lastWarning = Date.now();
      logger.warn({ err: error }, message);
    }
  };
  // The fallback (`local`) hears every count Redis answers, so it goes on from there, not from nothing.
  const exact = new RedisLimiter(client, Date.now, undefined, LIMITS_REDIS_DEADLINE_MS, local);
  // A failed sync only ages the leases: they stop admitting halfway through their hold, and requests then
  // go to the exact limiter, whose failure is the fallback below.
  const shared = leases
    ? new LeasedLimiter(exact, client, { timeoutMs: LIMITS_REDIS_DEADLINE_MS, counts: local, onSyncError: (error) => warn(error, 'limit leases could not sync with Redis; admitting one by one until they can') })
    : exact;
  const limiter = new ResilientLimiter(shared, local, {
    onFallback(error) {
      metrics?.limitsFallbacks.inc();
      warn(error, 'Redis unavailable: enforcing limits in this process only');
    },
  });
  closers.push(() => limiter.close());
  return limiter;
}

/** The files API's store on the gateway's database (@switchboard/db's files repository). */
function fileStoreOf(db: Database): FileStore {
  return {
    insert: (file) => insertFile(db, file),
    find: (id, scope) => findFile(db, id, scope),
    content: (id, scope) => readFileContent(db, id, scope),
    list: (listing) => listFiles(db, listing),
    delete: (id, scope) => deleteFile(db, id, scope),
  };
}

/** The batches API's store on the gateway's database (@switchboard/db's batches repository). */
function batchStoreOf(db: Database): BatchStore {
  return {
    insert: (batch) => insertBatch(db, batch),
    find: (id, scope) => findBatch(db, id, scope),
    list: (listing) => listBatches(db, listing),
    cancel: (id, scope) => requestBatchCancel(db, id, scope),
    claim: (owner, leaseMs) => claimBatch(db, owner, leaseMs),
    renew: (id, owner, leaseMs) => renewBatchLease(db, id, owner, leaseMs),
    answered: (id) => answeredBatchLines(db, id),
    record: (id, line) => recordBatchLine(db, id, line),
    finish: (id, owner, end) => finishBatch(db, id, owner, { ...end, newFileId: () => `file-${randomBytes(16).toString('hex')}` }),
  };
}

/**
 * Who a batch runs as: the master key's batches as the master key; a virtual key's as that key now, through the
 * key cache (a key deleted since is no one; a blocked or expired one is refused by checkKeyUsable).
 */
function batchPrincipalOf(keyCache: KeyCache, masterKey: string | undefined): BatchPrincipalOf {
  const masterHash = masterKey === undefined ? undefined : sha256Hex(masterKey);
  return async (keyHash) => {
    if (keyHash === null || keyHash === masterHash) return masterHash === undefined ? undefined : { principal: { kind: 'master', keyHash: masterHash, keyAlias: 'master key' } };
    const context = await keyCache.get(keyHash);
    if (!context) return undefined;
    checkKeyUsable(context, Date.now());
    return { principal: context.principal, keyContext: context };
  };
}
