import type { SpendLogDaySum } from '@switchboard/db';

/** One day of LiteLLM's summarized `/spend/logs`: its spend, per user and per model, and per key under the key's hash. */
export type SpendLogDay = { startTime: string; spend: number; users: Record<string, number>; models: Record<string, number> } & Record<string, unknown>;

/** Days without spend listed after the last day with spend, at most (ten years). */
const MAX_PADDED_DAYS = 3_660;

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * LiteLLM's summarized `/spend/logs` (both dates given, `summarize` not false): one entry per day with spend, oldest
 * first, then days without spend up to `endDay`, each 0. A row without a key or user counts under "" (LiteLLM's
 * columns default to the empty text). No rows at all is an empty list, as LiteLLM's is.
 */
export function spendLogSummary(sums: readonly SpendLogDaySum[], endDay: string): SpendLogDay[] {
  const days = new Map<string, SpendLogDay>();
  for (const sum of sums) {
    const spend = Number(sum.spend);
    let day = days.get(sum.day);
    if (!day) days.set(sum.day, (day = { startTime: sum.day, spend: 0, users: {}, models: {} }));
    day.spend += spend;
    const key = sum.keyHash ?? '';
    // A key hash never collides with the entry's own fields: it is 64 hex digits.
    day[key] = ((day[key] as number | undefined) ?? 0) + spend;
    const user = sum.userId ?? '';
    day.users[user] = (day.users[user] ?? 0) + spend;
    day.models[sum.model] = (day.models[sum.model] ?? 0) + spend;
  }
  const summary = [...days.values()].sort((a, b) => (a.startTime < b.startTime ? -1 : 1));
  const last = summary.at(-1)?.startTime;
  // At most MAX_PADDED_DAYS of them: an end date far in the future must not make a list of millions of days.
  let padded = 0;
  if (last !== undefined) for (let day = nextDay(last); day <= endDay && padded < MAX_PADDED_DAYS; day = nextDay(day), padded++) summary.push({ startTime: day, spend: 0, users: {}, models: {} });
  return summary;
}
