import { z } from 'zod';
import { day, name, pageQuery, text } from './common.ts';

export const spendLogsQuery = z
  .object({ ...pageQuery, api_key: text(300).optional(), user_id: name().optional(), team_id: name().optional(), request_id: name().optional(), start_date: day().optional(), end_date: day().optional() })
  .strict();

export const spendReportQuery = z
  .object({ start_date: day(), end_date: day(), group_by: z.enum(['team', 'key', 'model', 'customer', 'user', 'organization']).default('team') })
  .strict();

/** LiteLLM's `/global/spend/report`: by team (default), end user (`customer`) or key (`api_key`). */
export const litellmSpendReportQuery = z
  .object({ start_date: day(), end_date: day(), group_by: z.enum(['team', 'customer', 'api_key']).default('team') })
  .strict();

export const globalSpendQuery = z.object({ start_date: day().optional(), end_date: day().optional() }).strict();

export const dailyActivityQuery = z
  .object({ start_date: day(), end_date: day(), user_id: name().optional(), team_id: name().optional(), organization_id: name().optional(), api_key: text(300).optional(), model: name().optional() })
  .strict();

export const auditQuery = z.object({ ...pageQuery, table_name: name().optional(), object_id: name().optional(), actor: name().optional() }).strict();
