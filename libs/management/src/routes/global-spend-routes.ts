import { findKeysByHashes, findUserById, groupSpendLogs, listKeys, listUsers, readDailySpend, summarizeDailySpend, sumSpendLogsByTag, type SpendSummary } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { dateRangeQuery, globalEndUsersBody, globalSpendLogsQuery, globalSpendQuery, globalSpendTagsQuery, spendUsersQuery, topSpendQuery } from '../schemas/spend-schemas.ts';
import { activityView, modelActivityView } from '../views/activity-view.ts';
import { keyView, userView } from '../views/entity-views.ts';
import { keyHashOf } from './key-access.ts';
import { dailyEntityOf, spendLogOwnerFilter, spendOwnerOf } from './spend-owner.ts';
import { DAY_MS, FIRST_DAY, LAST_DAY, last30Days, logWindow, logWindowOfDays } from './spend-window.ts';

/** `/spend/keys` and `/spend/users` list every row, as LiteLLM's do, up to this many (read 500 at a time). */
const MAX_LISTED = 10_000;

async function readAll<T>(readPage: (page: number) => Promise<{ items: T[]; total: number }>): Promise<T[]> {
  const rows: T[] = [];
  for (let page = 1; rows.length < MAX_LISTED; page++) {
    const { items, total } = await readPage(page);
    rows.push(...items);
    if (items.length === 0 || rows.length >= total) break;
  }
  return rows.slice(0, MAX_LISTED);
}

/**
 * LiteLLM's global spend and activity views (its dashboards' charts and the scripts built on them), in LiteLLM's
 * shapes. The proxy-wide spend views (`/global/spend/*`, `/spend/keys`, `/spend/users`, the tag views) are admins',
 * as LiteLLM's route checks now have them (its handlers' own branches for internal users are behind those checks);
 * the activity charts (`/global/activity*`), which LiteLLM gives internal users, show a non-admin their own.
 */
export function mountGlobalSpendRoutes(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const reader = deps.reader ?? deps.db;

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/keys'],
    summary: 'The keys with the most spend over the last 30 days, biggest first: [{api_key, total_spend, team_id, key_alias, key_name}]',
    query: topSpendQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const rows = await summarizeDailySpend(reader, { entityType: 'key', ...last30Days(), groupBy: 'entity' });
      const totals = rows.slice(0, query.limit).map((row) => ({ keyHash: row.group, spend: row.spend }));
      const keys = new Map((await findKeysByHashes(reader, totals.map((total) => total.keyHash))).map((key) => [key.hash, key]));
      return totals.map(({ keyHash, spend }) => {
        const key = keys.get(keyHash);
        return { api_key: keyHash, total_spend: Number(spend), team_id: key?.teamId ?? '', key_alias: key?.alias ?? '', key_name: key?.keyName ?? keyHash };
      });
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/models'],
    summary: 'The models with the most spend over the last 30 days, biggest first: [{model, total_spend, total_tokens}]',
    query: topSpendQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const rows = await summarizeDailySpend(reader, { entityType: 'global', ...last30Days(), groupBy: 'model' });
      return rows.slice(0, query.limit ?? 10).map((row) => ({ model: row.group, total_spend: Number(row.spend), total_tokens: row.totalTokens }));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/logs'],
    summary: "Spend per day over the last 30 days, oldest first: [{date, spend}] (one key's with ?api_key=)",
    query: globalSpendLogsQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const keyHash = query.api_key === undefined ? undefined : keyHashOf(query.api_key);
      const days = await summarizeDailySpend(reader, { entityType: keyHash === undefined ? 'global' : 'key', entityIds: keyHash === undefined ? undefined : [keyHash], ...last30Days(), groupBy: 'day' });
      return days
        .sort((a, b) => a.group.localeCompare(b.group))
        .map((day) => ({ date: day.group, spend: Number(day.spend), ...(keyHash === undefined ? {} : { api_key: keyHash }) }));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/activity'],
    summary: "Requests and tokens per day between two dates: {daily_data: [{date, api_requests, total_tokens}], sum_api_requests, sum_total_tokens} (a non-admin's own)",
    query: dateRangeQuery,
    async handler({ caller, query }) {
      const days: SpendSummary[] = await summarizeDailySpend(reader, { ...dailyEntityOf(spendOwnerOf(caller)), from: query.start_date, to: query.end_date, groupBy: 'day' });
      return activityView(days);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/activity/model'],
    summary: "Requests and tokens per day between two dates for the ten busiest models: [{model, daily_data, sum_api_requests, sum_total_tokens}] (a non-admin's own)",
    query: dateRangeQuery,
    async handler({ caller, query }) {
      return modelActivityView(await readDailySpend(reader, { ...dailyEntityOf(spendOwnerOf(caller)), from: query.start_date, to: query.end_date }));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/activity/cache_hits'],
    summary: "Response-cache hits between two dates, per key alias, call type and model: [{api_key, call_type, model, total_rows, cache_hit_true_rows, cached_completion_tokens, generated_completion_tokens}] (a non-admin's own)",
    query: dateRangeQuery,
    async handler({ caller, query }) {
      const filter = { ...logWindowOfDays(query.start_date, query.end_date), ...spendLogOwnerFilter(spendOwnerOf(caller)) };
      const groups = await groupSpendLogs(reader, filter, ['keyHash', 'callType', 'model']);
      const hashes = [...new Set(groups.flatMap((group) => (group.keyHash ? [group.keyHash] : [])))];
      const aliases = new Map((await findKeysByHashes(reader, hashes)).map((key) => [key.hash, key.alias]));
      // LiteLLM's rows are per key alias (keys without one are "Unnamed Key" together), call type and model.
      const rows = new Map<string, { api_key: string; call_type: string | null; model: string | null; total_rows: number; cache_hit_true_rows: number; cached_completion_tokens: number; generated_completion_tokens: number }>();
      for (const group of groups) {
        const label = (group.keyHash && aliases.get(group.keyHash)) || 'Unnamed Key';
        const id = JSON.stringify([label, group.callType ?? null, group.model ?? null]);
        const row = rows.get(id) ?? { api_key: label, call_type: group.callType ?? null, model: group.model ?? null, total_rows: 0, cache_hit_true_rows: 0, cached_completion_tokens: 0, generated_completion_tokens: 0 };
        row.total_rows += group.requests;
        row.cache_hit_true_rows += group.cacheHits;
        row.cached_completion_tokens += group.cachedCompletionTokens;
        row.generated_completion_tokens += group.completionTokens - group.cachedCompletionTokens;
        rows.set(id, row);
      }
      return [...rows.values()];
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/provider'],
    summary: 'Spend per provider between two dates: [{provider, spend}]',
    query: dateRangeQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const groups = await groupSpendLogs(reader, logWindowOfDays(query.start_date, query.end_date), ['provider']);
      return groups.flatMap((group) => (group.provider ? [{ provider: group.provider, spend: Number(group.spend) }] : []));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'post',
    paths: ['/global/spend/end_users'],
    summary: 'The 100 end users with the most spend in a window (default the last 30 days), of one key with api_key: [{end_user, total_count, total_spend}]',
    body: globalEndUsersBody,
    async handler({ caller, body }) {
      authorize(caller, 'spend:global');
      const to = body.endTime ?? new Date();
      const { from } = logWindow(body.startTime ?? new Date(to.getTime() - 30 * DAY_MS), to, ['startTime', 'endTime']);
      const groups = await groupSpendLogs(reader, { from, to, keyHash: body.api_key === undefined ? undefined : keyHashOf(body.api_key) }, ['endUser'], 101);
      // Calls made for no end user are not an end user's (LiteLLM's own top-end-users view leaves them out too).
      return groups
        .flatMap((group) => (group.endUser ? [{ end_user: group.endUser, total_count: group.requests, total_spend: Number(group.spend) }] : []))
        .slice(0, 100);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/all_end_users'],
    summary: 'Every end user that has spent: {end_users: [...]}',
    async handler({ caller }) {
      authorize(caller, 'spend:global');
      const rows = await summarizeDailySpend(reader, { entityType: 'customer', from: FIRST_DAY, to: LAST_DAY, groupBy: 'entity' });
      return { end_users: rows.map((row) => row.group) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/keys'],
    summary: 'Every key, biggest spend first (hashes, never a key; up to 10,000)',
    async handler({ caller }) {
      authorize(caller, 'spend:global');
      return (await readAll((page) => listKeys(reader, { page, pageSize: 500, sortBy: 'spend', sortOrder: 'desc' }))).map(keyView);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/users'],
    summary: "Every user, biggest spend first (up to 10,000), or one user's row with ?user_id=",
    query: spendUsersQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      if (query.user_id !== undefined) {
        const user = await findUserById(reader, query.user_id);
        return user ? [userView(user)] : [];
      }
      return (await readAll((page) => listUsers(reader, { page, pageSize: 500, sortBy: 'spend', sortOrder: 'desc' }))).map(userView);
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/spend/tags'],
    summary: 'Spend per request tag between two dates (default the last 30 days): [{individual_request_tag, log_count, total_spend}]',
    query: globalSpendQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const window = query.start_date !== undefined && query.end_date !== undefined ? { from: query.start_date, to: query.end_date } : last30Days();
      const tags = await sumSpendLogsByTag(reader, logWindowOfDays(window.from, window.to));
      return tags.map((tag) => ({ individual_request_tag: tag.tag, log_count: tag.requests, total_spend: Number(tag.spend) }));
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/tags'],
    summary: "Spend per request tag between two dates, of the tags named (default every tag): {spend_per_tag: [{name, spend, log_count}]}",
    query: globalSpendTagsQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const named = query.tags;
      const tags = await sumSpendLogsByTag(reader, logWindowOfDays(query.start_date, query.end_date), named === undefined || named.length === 0 || named.includes('all-tags') ? undefined : named);
      // LiteLLM rounds a tag's spend to four places here.
      return { spend_per_tag: tags.map((tag) => ({ name: tag.tag, spend: Math.round(Number(tag.spend) * 10_000) / 10_000, log_count: tag.requests })) };
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/all_tag_names'],
    summary: 'The request tags used over the last 30 days: {tag_names: [...]}',
    async handler({ caller }) {
      authorize(caller, 'spend:global');
      const window = last30Days();
      const tags = await sumSpendLogsByTag(reader, logWindowOfDays(window.from, window.to));
      return { tag_names: tags.map((tag) => tag.tag).sort() };
    },
  });
}
