import { HttpError } from '@switchboard/service-kit';

export const DAY_MS = 86_400_000;
const isoDay = (at: Date) => at.toISOString().slice(0, 10);

/** The start of the UTC day after `day` (`YYYY-MM-DD`): the exclusive end of a window that includes `day`. */
export const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS);

/** Every day the daily aggregates can hold: the bounds of a view given no dates. */
export const FIRST_DAY = '1970-01-01';
export const LAST_DAY = '9999-12-31';

/** LiteLLM's views over "the last 30 days": from the UTC day 30 days ago through today. */
export function last30Days(now = Date.now()): { from: string; to: string } {
  return { from: isoDay(new Date(now - 30 * DAY_MS)), to: isoDay(new Date(now)) };
}

/**
 * The views that read the spend logs themselves (not the daily totals) take a window of at most this many days: each
 * reads every row of its window, and a window of decades would read the whole table on every call.
 */
const MAX_LOG_WINDOW_DAYS = 366;

/** A window of spend log time, refused with 400 when it ends before it starts or is longer than MAX_LOG_WINDOW_DAYS. */
export function logWindow(from: Date, to: Date, params: [start: string, end: string]): { from: Date; to: Date } {
  if (to.getTime() < from.getTime()) throw new HttpError(400, `${params[1]} is before ${params[0]}`, { param: params[1] });
  if (to.getTime() - from.getTime() > (MAX_LOG_WINDOW_DAYS + 1) * DAY_MS) throw new HttpError(400, `The window from ${params[0]} to ${params[1]} is longer than ${MAX_LOG_WINDOW_DAYS} days`, { param: params[1] });
  return { from, to };
}

/** A window of whole UTC days (`start_date`..`end_date`, the end day included) as a spend log filter's bounds. */
export function logWindowOfDays(from: string, to: string): { from: Date; to: Date } {
  if (to < from) throw new HttpError(400, 'end_date is before start_date', { param: 'end_date' });
  return logWindow(new Date(`${from}T00:00:00Z`), nextDay(to), ['start_date', 'end_date']);
}
