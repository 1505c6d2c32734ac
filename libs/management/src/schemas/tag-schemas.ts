import { z } from 'zod';
import { budgetFields, commaList, day, money, name, nameList, pageQuery, requestObject, text } from './common.ts';

/** LiteLLM's `TagNewRequest` / `TagUpdateRequest`: the tag, what serves it, and its budget (a row made or changed for it). */
const tagFields = {
  name: name(),
  description: text(1_000).nullable().optional(),
  models: nameList().optional(),
  // LiteLLM's `model_info` (model id -> model name) is computed from `models`; sent back as it was shown, it is ignored.
  model_info: z.record(z.string(), z.unknown()).optional(),
  budget_id: name().nullable().optional(),
  ...budgetFields,
};

export const newTagSchema = requestObject(tagFields);
export const updateTagSchema = requestObject({ ...tagFields, spend: money().optional() });
export const tagInfoSchema = requestObject({ names: nameList() });
export const deleteTagSchema = requestObject({ name: name() });
export const tagListQuery = z.object({ start_date: day().optional(), end_date: day().optional() }).strict();

/** LiteLLM's `/tag/daily/activity`: a range of days, some tags (comma-separated; all when absent), a model, a key. */
export const tagDailyActivityQuery = z
  .object({
    start_date: day(),
    end_date: day(),
    tags: commaList().optional(),
    model: name().optional(),
    api_key: text(300).optional(),
    page: pageQuery.page,
    page_size: z.coerce.number().int().min(1).max(1_000).default(10),
  })
  .strict();
