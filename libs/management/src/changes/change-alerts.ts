import type { GatewayConfig } from '@switchboard/config';
import { readProxyConfig, type Database } from '@switchboard/db';
import { createLiveAlerter, type AlertType } from '@switchboard/telemetry';
import type { Logger } from 'pino';
import type { Caller } from '../auth/caller.ts';
import type { AuditedChange } from './apply-change.ts';

/** LiteLLM's management-event alert types, by the audit action that raises them. */
const ALERT_OF_ACTION: Readonly<Record<string, AlertType>> = {
  'key.generate': 'new_virtual_key_created',
  'key.update': 'virtual_key_updated',
  'key.block': 'virtual_key_updated',
  'key.unblock': 'virtual_key_updated',
  'key.regenerate': 'virtual_key_updated',
  'key.reset_spend': 'virtual_key_updated',
  'key.delete': 'virtual_key_deleted',
  'team.new': 'new_team_created',
  'team.update': 'team_updated',
  'team.member_add': 'team_updated',
  'team.member_update': 'team_updated',
  'team.member_delete': 'team_updated',
  'team.permissions_update': 'team_updated',
  'team.callback_add': 'team_updated',
  'team.delete': 'team_deleted',
  'user.new': 'new_internal_user_created',
  'user.update': 'internal_user_updated',
  'user.delete': 'internal_user_deleted',
  'model.new': 'new_model_added',
};

/** What a management change alert names: the object and the fields changed, never their values (they may be personal). */
const OBJECT_NAMES: Readonly<Record<string, string>> = { keys: 'key (hash)', teams: 'team', users: 'user', team_memberships: 'team', models: 'model' };

export interface ChangeAlerts {
  /** After a change committed: raises the alerts its audited actions call for. Returns at once; never throws. */
  changed(caller: Caller, changes: readonly AuditedChange[]): void;
  /** Waits for the alerts being raised and sends what is queued (tests, shutdown). */
  flush(): Promise<void>;
  /** Sends what is queued (at most 5 s). */
  close(): Promise<void>;
}

export interface ChangeAlertsOptions {
  db: Database;
  sections: GatewayConfig['sections'];
  env: Readonly<Record<string, string | undefined>>;
  logger: Logger;
  /** How long the stored alerting settings are trusted before they are read again (default 10 s). */
  refreshMs?: number;
  /** Replaces the webhook POST (tests). */
  post?: (url: string, body: string) => Promise<void>;
  flushMs?: number;
}

/**
 * Slack alerts for management events (LiteLLM's new_virtual_key_created, team_updated, new_model_added, ...),
 * raised from the audit trail every change already writes, so no route can change a key or a team without it.
 * The settings are the file's with `/config/update`'s over them, read again at most every `refreshMs` when an
 * alert is due (and at once after a config change), so every backend replica follows a change without a restart.
 * A file setting that cannot work stops the start (TelemetryConfigError).
 */
export function createChangeAlerts(options: ChangeAlertsOptions): ChangeAlerts {
  const live = createLiveAlerter(options.sections.generalSettings, options.env, { source: 'backend', logger: options.logger, ...(options.post ? { post: options.post } : {}), ...(options.flushMs !== undefined ? { flushMs: options.flushMs } : {}) });
  const { alerter } = live;
  const refreshMs = options.refreshMs ?? 10_000;
  let readAt = Date.now();
  let eventCount = 0;
  const raising = new Set<Promise<void>>();

  async function refresh(): Promise<void> {
    live.applyStored((await readProxyConfig(options.db)).general_settings);
    readAt = Date.now();
  }

  async function raise(caller: Caller, changes: readonly AuditedChange[]): Promise<void> {
    if (changes.some((change) => change.action === 'config.update') || Date.now() - readAt > refreshMs) await refresh();
    for (const change of changes) {
      const type = ALERT_OF_ACTION[change.action];
      if (!type || !alerter.wants(type)) continue;
      const fields = Object.keys(change.after ?? {}).filter((field) => field !== 'token' && field !== 'key');
      alerter.raise({
        type,
        // Each event is its own alert: nothing is held back.
        key: `${change.action}\u0000${change.objectId}\u0000${++eventCount}`,
        level: 'Low',
        message: `${change.action} by ${caller.actor}: ${OBJECT_NAMES[change.table] ?? change.table} ${change.objectId}`,
        fields: { ...(change.action.endsWith('update') && fields.length > 0 ? { fields: fields.slice(0, 20).join(', ') } : {}) },
        repeatAfterMs: 1,
      });
    }
  }

  return {
    changed(caller, changes) {
      if (!changes.some((change) => ALERT_OF_ACTION[change.action] !== undefined || change.action === 'config.update')) return;
      const raised = raise(caller, changes)
        .catch((error: unknown) => options.logger.warn({ error: error instanceof Error ? error.message : String(error) }, 'management alerts could not be raised'))
        .finally(() => raising.delete(raised));
      raising.add(raised);
    },
    async flush() {
      await Promise.all([...raising]);
      await alerter.flush();
    },
    async close() {
      await Promise.all([...raising]);
      await alerter.shutdown();
    },
  };
}
