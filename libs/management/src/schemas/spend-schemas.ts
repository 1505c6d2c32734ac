import { z } from 'zod';
import { commaList, day, name, pageQuery, queryFlag, requestObject, text } from './common.ts';

/** Whose rows, and which request: the filters every form of the spend logs takes. */
const spendLogOwnerFields = {
  api_key: text(300).optional(),
  user_id: name().optional(),
  team_id: name().optional(),
  request_id: name().optional(),
};

/**
 * LiteLLM's `/spend/logs`: with both dates, `summarize` (default true, as LiteLLM's) answers spend per day instead of
 * rows. `page`/`size` bound the rows (LiteLLM answers every row at once).
 */
export const spendLogsQuery = z
  .object({
    ...pageQuery,
    ...spendLogOwnerFields,
    start_date: day().optional(),
    end_date: day().optional(),
    summarize: queryFlag().default('true'),
  })
  .strict();

const DATE_TIME = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * A log time as LiteLLM's log pages take it, `YYYY-MM-DD HH:MM:SS` in UTC, or a day (`YYYY-MM-DD`): the time it
 * names and whether it named a whole day.
 */
const logTime = () =>
  z.string().transform((value, context) => {
    const match = DATE_TIME.exec(value.trim());
    const at = match ? new Date(`${match[1]}T${match[2] ?? '00'}:${match[3] ?? '00'}:${match[4] ?? '00'}Z`) : undefined;
    if (!match || !at || Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== match[1]) {
      context.addIssue({ code: 'custom', message: 'must be a time such as 2025-01-31 23:59:59 (UTC) or a day such as 2025-01-31' });
      return z.NEVER;
    }
    return { at, wholeDay: match[2] === undefined };
  });

/**
 * LiteLLM's paged log pages, `/spend/logs/ui` and `/spend/logs/v2`: filters, LiteLLM's `page_size` (up to v2's
 * 1,000) and sort. Dates are optional here (LiteLLM requires them): without them the page is still bounded, and the
 * total is counted only up to LiteLLM's cap.
 */
export const spendLogPagesQuery = z
  .object({
    page: pageQuery.page,
    page_size: z.coerce.number().int().min(1).max(1_000).default(50),
    ...spendLogOwnerFields,
    model: name().optional(),
    end_user: name().optional(),
    min_spend: z.coerce.number().finite().min(0).optional(),
    max_spend: z.coerce.number().finite().min(0).optional(),
    status_filter: z.enum(['success', 'failure']).optional(),
    start_date: logTime().optional(),
    end_date: logTime().optional(),
    sort_by: z.enum(['startTime', 'spend', 'total_tokens']).default('startTime'),
    sort_order: z.enum(['asc', 'desc']).default('desc'),
  })
  .strict();

export const spendReportQuery = z
  .object({ start_date: day(), end_date: day(), group_by: z.enum(['team', 'key', 'model', 'customer', 'user', 'organization', 'tag']).default('team') })
  .strict();

/** LiteLLM's `/global/spend/report`: by team (default), end user (`customer`) or key (`api_key`). */
export const litellmSpendReportQuery = z
  .object({
    start_date: day(),
    end_date: day(),
    group_by: z.enum(['team', 'customer', 'api_key']).default('team'),
    // LiteLLM's narrower reports, in this order: one key's, one internal user's keys', one team's spend on one customer.
    api_key: text(300).optional(),
    internal_user_id: name().optional(),
    team_id: name().optional(),
    customer_id: name().optional(),
  })
  .strict();

export const globalSpendQuery = z.object({ start_date: day().optional(), end_date: day().optional() }).strict();

/** LiteLLM's daily activity: a range of days, an entity, a model; LiteLLM's `page` and `page_size` page the days. */
export const dailyActivityQuery = z
  .object({
    start_date: day(),
    end_date: day(),
    user_id: name().optional(),
    team_id: name().optional(),
    organization_id: name().optional(),
    api_key: text(300).optional(),
    // LiteLLM's comma-separated lists of entities, and of entities left out.
    team_ids: commaList().optional(),
    organization_ids: commaList().optional(),
    end_user_ids: commaList().optional(),
    exclude_team_ids: commaList().optional(),
    exclude_end_user_ids: commaList().optional(),
    model: name().optional(),
    page: pageQuery.page,
    page_size: z.coerce.number().int().min(1).max(1_000).default(1_000),
  })
  .strict();

export type DailyActivityQuery = z.output<typeof dailyActivityQuery>;

export const auditQuery = z.object({ ...pageQuery, table_name: name().optional(), object_id: name().optional(), actor: name().optional() }).strict();

/** LiteLLM's `/global/spend/keys` and `/global/spend/models`: the top `limit` (keys: all of them when not given). */
export const topSpendQuery = z.object({ limit: z.coerce.number().int().min(1, 'Limit must be greater than 0').max(10_000).optional() }).strict();

/** LiteLLM's `/global/spend/logs`: spend per day over the last 30 days, of one key when `api_key` is given. */
export const globalSpendLogsQuery = z.object({ api_key: text(300).optional() }).strict();

/** LiteLLM's `/global/activity`, `/global/activity/model` and `/global/spend/provider`: both dates are required. */
export const dateRangeQuery = z.object({ start_date: day(), end_date: day() }).strict();

/** An instant as pydantic reads a datetime: ISO 8601, or a day (its midnight, UTC). */
const instant = () =>
  z.string().transform((value, context) => {
    const at = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
    if (Number.isNaN(at.getTime())) {
      context.addIssue({ code: 'custom', message: 'must be a time such as 2025-01-31T23:59:59Z or a day such as 2025-01-31' });
      return z.NEVER;
    }
    return at;
  });

/** LiteLLM's `GlobalEndUsersSpend`: a window (default the last 30 days) and optionally one key. */
export const globalEndUsersBody = requestObject({ api_key: text(300).optional(), startTime: instant().optional(), endTime: instant().optional() });

/** LiteLLM's `/spend/users`: one user's row, or every user's. */
export const spendUsersQuery = z.object({ user_id: name().optional() }).strict();

/** LiteLLM's `/global/spend/tags`: both dates, and optionally some tags (comma-separated; `all-tags` is every tag). */
export const globalSpendTagsQuery = z.object({ start_date: day(), end_date: day(), tags: commaList().optional() }).strict();
