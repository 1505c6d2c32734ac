import type { DailySpendRecord, SpendEntityType } from '@switchboard/db';

/** What the view reads of a daily row: the daily totals' own, or a tag's totals per day from the spend logs. */
export type ActivityRow = Pick<DailySpendRecord, 'day' | 'entityId' | 'model' | 'spend' | 'promptTokens' | 'completionTokens' | 'totalTokens' | 'requests' | 'successes' | 'failures'>;

/** LiteLLM's SpendMetrics. Cached input tokens are not counted per day here: 0, LiteLLM's own default. */
interface SpendMetrics {
  spend: number;
  prompt_tokens: number;
  completion_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  total_tokens: number;
  successful_requests: number;
  failed_requests: number;
  api_requests: number;
}

type Breakdown = Record<string, { metrics: SpendMetrics; metadata: Record<string, unknown> }>;

interface DailySpendData {
  date: string;
  metrics: SpendMetrics;
  breakdown: { models: Breakdown; model_groups: Breakdown; providers: Breakdown; api_keys: Breakdown; entities: Breakdown; mcp_servers: Breakdown; endpoints: Breakdown };
}

const emptyMetrics = (): SpendMetrics => ({ spend: 0, prompt_tokens: 0, completion_tokens: 0, cache_read_input_tokens: 0, cache_creation_input_tokens: 0, total_tokens: 0, successful_requests: 0, failed_requests: 0, api_requests: 0 });

function add(metrics: SpendMetrics, row: ActivityRow): void {
  metrics.spend += Number(row.spend);
  metrics.prompt_tokens += row.promptTokens;
  metrics.completion_tokens += row.completionTokens;
  metrics.total_tokens += row.totalTokens;
  metrics.successful_requests += row.successes;
  metrics.failed_requests += row.failures;
  metrics.api_requests += row.requests;
}

function addTo(breakdown: Breakdown, name: string, row: ActivityRow, metadata: Record<string, unknown> = {}): void {
  const entry = (breakdown[name] ??= { metrics: emptyMetrics(), metadata });
  add(entry.metrics, row);
}

/** The keys' own daily rows, for the `api_keys` breakdown of a user's or team's activity, and each key's metadata. */
export interface KeyActivity {
  rows: readonly ActivityRow[];
  /** LiteLLM's key metadata in the breakdown: `key_alias` and `team_id` (null when the key is gone or has none). */
  metadataOf(hash: string): { key_alias: string | null; team_id: string | null };
}

/**
 * LiteLLM's `SpendAnalyticsPaginatedResponse` for `/{user,team,organization,key,tag}/daily/activity`, from the daily
 * aggregates: one entry per day, oldest first, with its metrics and their breakdown by model (the public name, so
 * `models` and `model_groups` agree), by key for the key activity and by entity (team, organization, user) for the
 * others, and by key too when `keys` gives the keys' rows; then totals over every day, and LiteLLM's paging over the
 * days (`pageSize` Infinity: every day on one page, LiteLLM's `/aggregated` form). The aggregates are not kept per
 * provider, endpoint or MCP server: those breakdowns are empty.
 */
export function dailyActivityView(rows: readonly ActivityRow[], entityType: SpendEntityType | 'tag', page: number, pageSize: number, keys?: KeyActivity) {
  const days = new Map<string, DailySpendData>();
  const dayOf = (date: string) => {
    let day = days.get(date);
    if (!day) days.set(date, (day = { date, metrics: emptyMetrics(), breakdown: { models: {}, model_groups: {}, providers: {}, api_keys: {}, entities: {}, mcp_servers: {}, endpoints: {} } }));
    return day;
  };
  const totals = emptyMetrics();
  for (const row of rows) {
    const day = dayOf(row.day);
    add(day.metrics, row);
    add(totals, row);
    addTo(day.breakdown.models, row.model, row);
    addTo(day.breakdown.model_groups, row.model, row);
    if (entityType === 'key') addTo(day.breakdown.api_keys, row.entityId, row, keys?.metadataOf(row.entityId));
    else addTo(day.breakdown.entities, row.entityId, row);
  }
  // Only days the entity's own rows have: a key's row on a day is also its user's and team's.
  for (const row of keys?.rows ?? []) if (days.has(row.day)) addTo(dayOf(row.day).breakdown.api_keys, row.entityId, row, keys?.metadataOf(row.entityId));
  const ordered = [...days.values()].sort((a, b) => (a.date < b.date ? -1 : 1));
  const totalPages = Number.isFinite(pageSize) ? Math.max(1, Math.ceil(ordered.length / pageSize)) : 1;
  return {
    results: Number.isFinite(pageSize) ? ordered.slice((page - 1) * pageSize, page * pageSize) : ordered,
    metadata: {
      total_spend: totals.spend,
      total_prompt_tokens: totals.prompt_tokens,
      total_completion_tokens: totals.completion_tokens,
      total_tokens: totals.total_tokens,
      total_api_requests: totals.api_requests,
      total_successful_requests: totals.successful_requests,
      total_failed_requests: totals.failed_requests,
      total_cache_read_input_tokens: 0,
      total_cache_creation_input_tokens: 0,
      page,
      total_pages: totalPages,
      has_more: page < totalPages,
    },
  };
}
