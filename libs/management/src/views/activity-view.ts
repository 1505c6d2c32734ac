import type { DailySpendRecord, SpendSummary } from '@switchboard/db';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/** A day as LiteLLM's activity charts label it (`%b %d`: "Jan 22"). */
export function chartDay(day: string): string {
  return `${MONTHS[Number(day.slice(5, 7)) - 1]} ${day.slice(8, 10)}`;
}

interface DayActivity {
  day: string;
  requests: number;
  totalTokens: number;
}

/**
 * LiteLLM's activity chart: requests and tokens per day, and their sums. Days are in date order (LiteLLM sorts its
 * "Jan 22" labels as text, which puts February before January).
 */
function chartOf(days: readonly DayActivity[], extra: Record<string, string> = {}) {
  const sorted = [...days].sort((a, b) => a.day.localeCompare(b.day));
  return {
    daily_data: sorted.map((day) => ({ date: chartDay(day.day), api_requests: day.requests, total_tokens: day.totalTokens, ...extra })),
    sum_api_requests: sorted.reduce((sum, day) => sum + day.requests, 0),
    sum_total_tokens: sorted.reduce((sum, day) => sum + day.totalTokens, 0),
  };
}

/** `/global/activity`: from totals grouped by day. */
export function activityView(days: readonly SpendSummary[]) {
  return chartOf(days.map((day) => ({ day: day.group, requests: day.requests, totalTokens: day.totalTokens })));
}

/** LiteLLM's charts show the ten busiest models. */
const TOP_MODELS = 10;

/** `/global/activity/model`: one chart per model, the busiest ten, busiest first. */
export function modelActivityView(rows: readonly DailySpendRecord[]) {
  const models = new Map<string, Map<string, DayActivity>>();
  for (const row of rows) {
    const days = models.get(row.model) ?? new Map<string, DayActivity>();
    const day = days.get(row.day) ?? { day: row.day, requests: 0, totalTokens: 0 };
    day.requests += row.requests;
    day.totalTokens += row.totalTokens;
    days.set(row.day, day);
    models.set(row.model, days);
  }
  return [...models]
    .map(([model, days]) => ({ model, ...chartOf([...days.values()], { model_group: model }) }))
    .sort((a, b) => b.sum_api_requests - a.sum_api_requests || a.model.localeCompare(b.model))
    .slice(0, TOP_MODELS);
}
