import { z } from 'zod';
import { budgetFields, day, money, name, nameList, requestObject, text } from './common.ts';

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
