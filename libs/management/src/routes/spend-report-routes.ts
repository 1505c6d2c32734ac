import { findTeamById, groupSpendLogs, readDailySpend, type DailySpendRecord } from '@switchboard/db';
import type { ServiceApp } from '@switchboard/service-kit';
import type { ManagementDeps } from '../deps.ts';
import { mountEndpoint, type EndpointRegistry } from '../http/endpoint.ts';
import { authorize } from '../permissions/authorize.ts';
import { globalSpendQuery, litellmSpendReportQuery } from '../schemas/spend-schemas.ts';
import { keyHashOf } from './key-access.ts';
import { FIRST_DAY, LAST_DAY, logWindowOfDays } from './spend-window.ts';

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

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

interface KeyModelSpend {
  keyHash?: string | null;
  model?: string;
  spend: string;
  promptTokens: number;
  completionTokens: number;
}

/** LiteLLM's per-key report: each key's totals and its models', biggest total first. */
function keyReportView(lines: readonly KeyModelSpend[]) {
  return [...groupBy(lines, (line) => line.keyHash ?? '')]
    .map(([keyHash, models]) => ({
      api_key: keyHash,
      total_cost: models.reduce((sum, line) => sum + Number(line.spend), 0),
      total_input_tokens: models.reduce((sum, line) => sum + line.promptTokens, 0),
      total_output_tokens: models.reduce((sum, line) => sum + line.completionTokens, 0),
      model_details: models.map((line) => ({ model: line.model, total_cost: Number(line.spend), total_input_tokens: line.promptTokens, total_output_tokens: line.completionTokens })),
    }))
    .sort((a, b) => b.total_cost - a.total_cost);
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
      // LiteLLM's narrower reports come first, in its order; a team or customer alone narrows nothing there either.
      if (query.api_key !== undefined) {
        const hash = keyHashOf(query.api_key);
        const rows = await readDailySpend(reader, { entityType: 'key', entityIds: [hash], from: query.start_date, to: query.end_date });
        return keyReportView(rows.map((row) => ({ keyHash: hash, model: row.model, spend: row.spend, promptTokens: row.promptTokens, completionTokens: row.completionTokens })));
      }
      if (query.internal_user_id !== undefined) {
        return keyReportView(await groupSpendLogs(reader, { userId: query.internal_user_id, ...logWindowOfDays(query.start_date, query.end_date) }, ['keyHash', 'model']));
      }
      if (query.team_id !== undefined && query.customer_id !== undefined) {
        const groups = await groupSpendLogs(reader, { teamId: query.team_id, endUser: query.customer_id, ...logWindowOfDays(query.start_date, query.end_date) }, ['day', 'keyHash', 'model']);
        const teamName = (await teamNames([query.team_id])).get(query.team_id) ?? 'Unassigned Team';
        return [...groupBy(groups, (group) => group.day ?? '')].sort(([a], [b]) => a.localeCompare(b)).map(([day, dayGroups]) => ({
          group_by_day: day,
          teams_customers: [
            {
              team_name: teamName,
              customer: query.customer_id,
              total_spend: dayGroups.reduce((sum, group) => sum + Number(group.spend), 0),
              metadata: dayGroups.map((group) => ({ model: group.model, api_key: group.keyHash, spend: Number(group.spend), total_tokens: group.totalTokens })),
            },
          ],
        }));
      }
      const entityType = query.group_by === 'team' ? 'team' : query.group_by === 'customer' ? 'customer' : 'key';
      const rows = await readDailySpend(reader, { entityType, from: query.start_date, to: query.end_date });
      const names = entityType === 'team' ? await teamNames(rows.map((row) => row.entityId)) : new Map<string, string>();
      return [...groupBy(rows, (row) => row.day)].map(([day, dayRows]) => {
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
      const rows = await readDailySpend(reader, { entityType: 'team', from: query.start_date ?? FIRST_DAY, to: query.end_date ?? LAST_DAY });
      const names = await teamNames(rows.map((row) => row.entityId));
      const totals = new Map<string, number>();
      const dailySpend = [...groupBy(rows, (row) => row.day)].map(([day, dayRows]) => {
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
