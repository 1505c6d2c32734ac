import { listAudit, listSpendLogs, readDailySpend, summarizeDailySpend, type SpendEntityType } from '@switchboard/db';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import type { z } from 'zod';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize, forbidden } from '../permissions/authorize.ts';
import { auditQuery, dailyActivityQuery, globalSpendQuery, spendLogsQuery, spendReportQuery } from '../schemas/spend-schemas.ts';
import { spendLogView } from '../views/spend-log-view.ts';
import { toWire } from '../views/to-wire.ts';
import { mountLiteLLMSpendReports } from './spend-report-routes.ts';
import { keyHashOf, loadKey, assertKeyAccess, teamRolesOf } from './key-access.ts';

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000);

/** Non-admins see their own spend only: their user, their keys, their teams. */
async function assertSpendScope(deps: ManagementDeps, caller: Caller, filter: { userId?: string; keyRef?: string; teamId?: string; organizationId?: string }): Promise<void> {
  if (authorize(caller, 'spend:read') === 'all') return;
  if (filter.userId !== undefined && filter.userId !== caller.user?.id) throw forbidden("You may not read another user's spend");
  if (filter.keyRef !== undefined) await assertKeyAccess(deps.db, caller, 'key:read', await loadKey(deps.db, filter.keyRef));
  if (filter.teamId !== undefined && !(await teamRolesOf(deps.db, caller)).has(filter.teamId)) throw forbidden("You may not read another team's spend");
  if (filter.organizationId !== undefined) throw forbidden("Only admins may read an organization's spend");
}

const ACTIVITY_SCOPES: ReadonlyArray<[path: string, entityType: SpendEntityType, param: 'user_id' | 'team_id' | 'organization_id' | 'api_key']> = [
  ['/user/daily/activity', 'user', 'user_id'],
  ['/team/daily/activity', 'team', 'team_id'],
  ['/organization/daily/activity', 'organization', 'organization_id'],
  ['/key/daily/activity', 'key', 'api_key'],
];

export function mountSpendRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const reader = deps.reader ?? deps.db;

  /** The rows a `/spend/logs` query names, newest first, within what the caller may read. */
  async function spendLogRows(caller: Caller, query: z.output<typeof spendLogsQuery>) {
    let userId = query.user_id;
    if (authorize(caller, 'spend:read') === 'own' && query.api_key === undefined && query.team_id === undefined) userId ??= caller.user?.id;
    await assertSpendScope(deps, caller, { userId, keyRef: query.api_key, teamId: query.team_id });
    const page = await listSpendLogs(reader, {
      page: query.page,
      pageSize: query.size,
      userId,
      teamId: query.team_id,
      keyHash: query.api_key === undefined ? undefined : keyHashOf(query.api_key),
      requestId: query.request_id,
      from: query.start_date ? new Date(`${query.start_date}T00:00:00Z`) : undefined,
      to: query.end_date ? nextDay(query.end_date) : undefined,
    });
    return { ...page, rows: page.items.map(spendLogView) };
  }

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/logs'],
    summary: "Request logs, newest first, as a list (LiteLLM's shape); ?request_id= is the id the client got in the response",
    query: spendLogsQuery,
    async handler({ caller, query }) {
      return (await spendLogRows(caller, query)).rows;
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/logs/ui'],
    summary: 'Request logs, newest first, paginated (no total: counting spend rows is what times out)',
    query: spendLogsQuery,
    async handler({ caller, query }) {
      const page = await spendLogRows(caller, query);
      return { data: page.rows, page: page.page, page_size: page.pageSize, has_more: page.hasMore };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend'],
    summary: 'Total spend over a date range (from the daily aggregates)',
    query: globalSpendQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const [total] = await summarizeDailySpend(reader, { entityType: 'global', from: query.start_date ?? '1970-01-01', to: query.end_date ?? '9999-12-31', groupBy: 'entity' });
      return { spend: Number(total?.spend ?? 0), total_tokens: total?.totalTokens ?? 0, requests: total?.requests ?? 0, max_budget: null };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/report'],
    summary: 'Spend grouped by team, key, model, customer, user or organization (from the daily aggregates)',
    query: spendReportQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const byModel = query.group_by === 'model';
      const rows = await summarizeDailySpend(reader, {
        entityType: query.group_by === 'model' ? 'global' : query.group_by,
        from: query.start_date,
        to: query.end_date,
        groupBy: byModel ? 'model' : 'entity',
      });
      return { group_by: query.group_by, data: rows.map((row) => ({ ...toWire(row), spend: Number(row.spend) })) };
    },
  });

  for (const [path, entityType, param] of ACTIVITY_SCOPES) {
    mountEndpoint(service, deps, registry, {
      method: 'get',
      paths: [path],
      summary: `Daily spend and tokens per ${entityType} and model (from the daily aggregates)`,
      query: dailyActivityQuery,
      async handler({ caller, query }) {
        const given = query[param];
        let entityId = param === 'api_key' && given !== undefined ? keyHashOf(given) : given;
        if (entityId === undefined && entityType === 'user' && authorize(caller, 'spend:read') === 'own') entityId = caller.user?.id;
        if (entityId === undefined && authorize(caller, 'spend:read') === 'own') throw new HttpError(400, `Give ?${param}=`, { param });
        await assertSpendScope(deps, caller, { userId: entityType === 'user' ? entityId : undefined, keyRef: entityType === 'key' ? given : undefined, teamId: entityType === 'team' ? entityId : undefined, organizationId: entityType === 'organization' ? entityId : undefined });
        const rows = await readDailySpend(reader, { entityType, entityIds: entityId === undefined ? undefined : [entityId], model: query.model, from: query.start_date, to: query.end_date });
        const results = rows.map((row) => ({ ...toWire(row, { day: 'date' }), spend: Number(row.spend) }));
        const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
        return { results, metadata: { total_spend: sum((row) => Number(row.spend)), total_tokens: sum((row) => row.totalTokens), total_requests: sum((row) => row.requests) } };
      },
    });
  }

  mountLiteLLMSpendReports(service, deps, registry);

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/audit'],
    summary: 'The audit log, newest first, paginated',
    query: auditQuery,
    async handler({ caller, query }) {
      authorize(caller, 'audit:read');
      const page = await listAudit(reader, { page: query.page, pageSize: query.size, tableName: query.table_name, objectId: query.object_id, actor: query.actor });
      return { data: page.items.map((row) => toWire(row)), total: page.total, page: page.page, page_size: page.pageSize };
    },
  });
}
