import { countSpendLogs, listAudit, listSpendLogs, summarizeDailySpend, sumSpendLogsByDay, sumSpendLogsByTag, type SpendLogFilter } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { auditQuery, globalSpendQuery, spendLogPagesQuery, spendLogsQuery, spendReportQuery } from '../schemas/spend-schemas.ts';
import { spendLogSummary } from '../views/spend-log-summary.ts';
import { spendLogView } from '../views/spend-log-view.ts';
import { toWire } from '../views/to-wire.ts';
import { mountDailyActivityRoutes } from './daily-activity-routes.ts';
import { mountGlobalSpendReset } from './global-spend-reset.ts';
import { mountGlobalSpendRoutes } from './global-spend-routes.ts';
import { mountLiteLLMSpendReports } from './spend-report-routes.ts';
import { keyHashOf } from './key-access.ts';
import { assertSpendScope, spendLogOwnerFilter, spendOwnerOf } from './spend-owner.ts';
import { DAY_MS, FIRST_DAY, LAST_DAY, logWindowOfDays, nextDay } from './spend-window.ts';


/** LiteLLM's `SPEND_LOGS_PAGINATION_COUNT_CAP`: a log page's total is counted up to this many rows. */
const SPEND_LOGS_COUNT_CAP = 10_000;
const SORT_BY = { startTime: 'start_time', spend: 'spend', total_tokens: 'total_tokens' } as const;

export function mountSpendRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const reader = deps.reader ?? deps.db;

  /** The filter a spend log query names, within what the caller may read (a non-admin: their own rows by default). */
  async function scopedFilter(caller: Caller, query: { user_id?: string; api_key?: string; team_id?: string }): Promise<SpendLogFilter> {
    const named = query.api_key !== undefined || query.team_id !== undefined || query.user_id !== undefined;
    // Nothing named: a non-admin's own rows (a key that belongs to no user: its own rows, not everyone's).
    const own = named ? {} : spendLogOwnerFilter(spendOwnerOf(caller));
    await assertSpendScope(deps, caller, { userId: query.user_id, keyRef: query.api_key, teamId: query.team_id });
    return { userId: query.user_id, keyHash: query.api_key === undefined ? undefined : keyHashOf(query.api_key), ...own, teamId: query.team_id };
  }

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/logs'],
    summary: "Request logs, newest first, as a list (LiteLLM's shape); ?request_id= is the id the client got in the response; with both dates, spend per day unless summarize=false",
    query: spendLogsQuery,
    async handler({ caller, query }) {
      const filter: SpendLogFilter = {
        ...(await scopedFilter(caller, query)),
        requestId: query.request_id,
        from: query.start_date ? new Date(`${query.start_date}T00:00:00Z`) : undefined,
        to: query.end_date ? nextDay(query.end_date) : undefined,
      };
      if (query.start_date !== undefined && query.end_date !== undefined && query.summarize) return spendLogSummary(await sumSpendLogsByDay(reader, filter), query.end_date);
      return (await listSpendLogs(reader, { ...filter, page: query.page, pageSize: query.size })).items.map(spendLogView);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/logs/ui', '/spend/logs/v2'],
    summary: "Request logs, a page at a time (LiteLLM's log pages): total counted up to 10,000 (total_is_capped past it)",
    query: spendLogPagesQuery,
    async handler({ caller, query }) {
      const filter: SpendLogFilter = {
        ...(await scopedFilter(caller, query)),
        requestId: query.request_id,
        model: query.model,
        endUser: query.end_user,
        minSpend: query.min_spend,
        maxSpend: query.max_spend,
        status: query.status_filter,
        // A day is the whole day; a time is inclusive to its second.
        from: query.start_date?.at,
        to: query.end_date ? new Date(query.end_date.at.getTime() + (query.end_date.wholeDay ? DAY_MS : 1_000)) : undefined,
      };
      const [page, count] = await Promise.all([
        listSpendLogs(reader, { ...filter, page: query.page, pageSize: query.page_size, sortBy: SORT_BY[query.sort_by], sortOrder: query.sort_order }),
        countSpendLogs(reader, filter, SPEND_LOGS_COUNT_CAP),
      ]);
      return {
        data: page.items.map(spendLogView),
        total: count.total,
        page: page.page,
        page_size: page.pageSize,
        total_pages: Math.ceil(count.total / page.pageSize),
        total_is_capped: count.capped,
        has_more: page.hasMore,
      };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend'],
    summary: 'Total spend over a date range (from the daily aggregates)',
    query: globalSpendQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const [total] = await summarizeDailySpend(reader, { entityType: 'global', from: query.start_date ?? FIRST_DAY, to: query.end_date ?? LAST_DAY, groupBy: 'entity' });
      return { spend: Number(total?.spend ?? 0), total_tokens: total?.totalTokens ?? 0, requests: total?.requests ?? 0, max_budget: null };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/report'],
    summary: 'Spend grouped by team, key, model, customer, user or organization (from the daily aggregates), or by request tag (from the logs: at most 366 days)',
    query: spendReportQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      if (query.group_by === 'tag') {
        const tags = await sumSpendLogsByTag(reader, logWindowOfDays(query.start_date, query.end_date));
        return { group_by: query.group_by, data: tags.map(({ tag, ...totals }) => ({ ...toWire({ group: tag, ...totals }), spend: Number(totals.spend) })) };
      }
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

  mountDailyActivityRoutes(service, deps, registry);
  mountLiteLLMSpendReports(service, deps, registry);
  mountGlobalSpendRoutes(service, deps, registry);
  mountGlobalSpendReset(service, deps, registry);

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
