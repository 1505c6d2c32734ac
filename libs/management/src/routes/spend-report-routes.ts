import { findTeamById, readDailySpend, type DailySpendRecord } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { globalSpendQuery, litellmSpendReportQuery } from '../schemas/spend-schemas.ts';

const FAR_PAST = '1970-01-01';
const FAR_FUTURE = '9999-12-31';

/** Per entity, its total and its per-model lines, from daily rows of one day. */
function perEntity(rows: readonly DailySpendRecord[]) {
  const entities = new Map<string, { total: number; models: Array<{ model: string; spend: number; total_tokens: number; requests: number }> }>();
  for (const row of rows) {
    const entry = entities.get(row.entityId) ?? { total: 0, models: [] };
    entry.total += Number(row.spend);
    entry.models.push({ model: row.model, spend: Number(row.spend), total_tokens: row.totalTokens, requests: row.requests });
    entities.set(row.entityId, entry);
  }
  return entities;
}

function byDay(rows: readonly DailySpendRecord[]): Map<string, DailySpendRecord[]> {
  const days = new Map<string, DailySpendRecord[]>();
  for (const row of rows) days.set(row.day, [...(days.get(row.day) ?? []), row]);
  return days;
}

/** LiteLLM's global spend reports, in LiteLLM's shapes, from the daily aggregates (admins and admin viewers). */
export function mountLiteLLMSpendReports(service: ServiceApp, deps: ManagementDeps, registry: EndpointRegistry): void {
  const reader = deps.reader ?? deps.db;
  const teamNames = async (ids: Iterable<string>) => new Map(await Promise.all([...new Set(ids)].map(async (id) => [id, (await findTeamById(reader, id))?.alias ?? id] as const)));

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/report'],
    summary: "Spend per day, by team (default), end user or key, in LiteLLM's shape: [{group_by_day, teams: [{team_name, total_spend, metadata}]}]",
    query: litellmSpendReportQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const entityType = query.group_by === 'team' ? 'team' : query.group_by === 'customer' ? 'customer' : 'key';
      const rows = await readDailySpend(reader, { entityType, from: query.start_date, to: query.end_date });
      const names = entityType === 'team' ? await teamNames(rows.map((row) => row.entityId)) : new Map<string, string>();
      return [...byDay(rows)].map(([day, dayRows]) => {
        const entities = [...perEntity(dayRows)];
        if (query.group_by === 'team') return { group_by_day: day, teams: entities.map(([id, entry]) => ({ team_name: names.get(id) ?? id, team_id: id, total_spend: entry.total, metadata: entry.models })) };
        if (query.group_by === 'customer') return { group_by_day: day, customers: entities.map(([id, entry]) => ({ customer: id, total_spend: entry.total, metadata: entry.models })) };
        return { group_by_day: day, api_keys: entities.map(([id, entry]) => ({ api_key: id, total_spend: entry.total, metadata: entry.models })) };
      });
    },
  });

  mountEndpoint(service, deps, registry, {
    method: 'get',
    paths: ['/global/spend/teams'],
    summary: "Spend per team and day, in LiteLLM's shape: {daily_spend: [{date, <team>: spend}], teams, total_spend_per_team}",
    query: globalSpendQuery,
    async handler({ caller, query }) {
      authorize(caller, 'spend:global');
      const rows = await readDailySpend(reader, { entityType: 'team', from: query.start_date ?? FAR_PAST, to: query.end_date ?? FAR_FUTURE });
      const names = await teamNames(rows.map((row) => row.entityId));
      const totals = new Map<string, number>();
      const dailySpend = [...byDay(rows)].map(([day, dayRows]) => {
        const entry: Record<string, string | number> = { date: day };
        for (const [id, { total }] of perEntity(dayRows)) {
          const team = names.get(id) ?? id;
          entry[team] = total;
          totals.set(id, (totals.get(id) ?? 0) + total);
        }
        return entry;
      });
      return {
        daily_spend: dailySpend,
        teams: [...new Set([...totals.keys()].map((id) => names.get(id) ?? id))],
        total_spend_per_team: [...totals].map(([id, total]) => ({ team_id: id, team_alias: names.get(id) ?? id, total_spend: total })),
      };
    },
  });
}
