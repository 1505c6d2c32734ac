import type { DailyActivityRow, SpendReportRow } from '../api/types.ts';

export interface DayTotals {
  date: string;
  spend: number;
  requests: number;
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
  failures: number;
}

/** Every UTC day from `start` to `end` inclusive, as `YYYY-MM-DD` (empty when the range is reversed). */
export function daysInRange(start: string, end: string, maxDays = 400): string[] {
  const from = Date.parse(`${start}T00:00:00Z`);
  const to = Date.parse(`${end}T00:00:00Z`);
  if (Number.isNaN(from) || Number.isNaN(to) || to < from) return [];
  const days: string[] = [];
  for (let t = from; t <= to && days.length < maxDays; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}

/** Daily rows (per entity and model) summed per day, with the days that had no traffic as zeros. */
export function totalsPerDay(rows: readonly DailyActivityRow[], start: string, end: string): DayTotals[] {
  const byDay = new Map<string, DayTotals>(daysInRange(start, end).map((date) => [date, { date, spend: 0, requests: 0, promptTokens: 0, completionTokens: 0, totalTokens: 0, failures: 0 }]));
  for (const row of rows) {
    const day = byDay.get(row.date);
    if (!day) continue;
    day.spend += row.spend;
    day.requests += row.requests;
    day.promptTokens += row.prompt_tokens;
    day.completionTokens += row.completion_tokens;
    day.totalTokens += row.total_tokens;
    day.failures += row.failures;
  }
  return [...byDay.values()];
}

/** Daily rows summed per model, biggest spend first: the breakdown an internal user gets. */
export function totalsPerModel(rows: readonly DailyActivityRow[]): SpendReportRow[] {
  const byModel = new Map<string, SpendReportRow>();
  for (const row of rows) {
    const total = byModel.get(row.model) ?? { group: row.model, spend: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, requests: 0, successes: 0, failures: 0 };
    total.spend += row.spend;
    total.prompt_tokens += row.prompt_tokens;
    total.completion_tokens += row.completion_tokens;
    total.total_tokens += row.total_tokens;
    total.requests += row.requests;
    total.successes += row.successes;
    total.failures += row.failures;
    byModel.set(row.model, total);
  }
  return [...byModel.values()].sort((a, b) => b.spend - a.spend || a.group.localeCompare(b.group));
}

/** The first `n` rows, and the rest summed as one "Other" row so the chart still adds up. */
export function topWithOther(rows: readonly SpendReportRow[], n: number, otherLabel = 'Other'): SpendReportRow[] {
  if (rows.length <= n) return [...rows];
  const head = rows.slice(0, n);
  const other = rows.slice(n).reduce<SpendReportRow>(
    (sum, row) => ({
      group: otherLabel,
      spend: sum.spend + row.spend,
      prompt_tokens: sum.prompt_tokens + row.prompt_tokens,
      completion_tokens: sum.completion_tokens + row.completion_tokens,
      total_tokens: sum.total_tokens + row.total_tokens,
      requests: sum.requests + row.requests,
      successes: sum.successes + row.successes,
      failures: sum.failures + row.failures,
    }),
    { group: otherLabel, spend: 0, prompt_tokens: 0, completion_tokens: 0, total_tokens: 0, requests: 0, successes: 0, failures: 0 },
  );
  return [...head, other];
}
