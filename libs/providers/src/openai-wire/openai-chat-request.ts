import { z } from 'zod';
import { ProviderError } from '../provider-error.ts';

/*
 * The parts of an OpenAI chat request the translating adapters (Anthropic, Bedrock, Cohere, Google)
 * read, checked before any conversion so a malformed tool call or content part is a clear 400, not a
 * crash. Other fields are read from the raw body.
 */
const cacheControl = z.record(z.unknown()).nullish();

export const openAIContentPartSchema = z.object({
  type: z.string(),
  text: z.string().nullish(),
  image_url: z.object({ url: z.string() }).nullish(),
  file: z.object({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() }).nullish(),
  cache_control: cacheControl,
});
export type OpenAIContentPart = z.infer<typeof openAIContentPartSchema>;

export const openAIToolCallSchema = z.object({
  id: z.string(),
  function: z.object({ name: z.string(), arguments: z.string().nullish() }),
});

export const openAIMessageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
  content: z.union([z.string(), z.array(openAIContentPartSchema)]).nullish(),
  tool_calls: z.array(openAIToolCallSchema).nullish(),
  tool_call_id: z.string().nullish(),
  cache_control: cacheControl,
});
export type OpenAIMessage = z.infer<typeof openAIMessageSchema>;

export const openAIToolSchema = z.object({
  type: z.string().nullish(),
  function: z.object({ name: z.string(), description: z.string().nullish(), parameters: z.record(z.unknown()).nullish() }).nullish(),
  cache_control: cacheControl,
});
export type OpenAITool = z.infer<typeof openAIToolSchema>;

export const openAIToolChoiceSchema = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);
export type OpenAIToolChoice = z.infer<typeof openAIToolChoiceSchema>;

export const openAIResponseFormatSchema = z.object({
  type: z.enum(['text', 'json_object', 'json_schema']),
  json_schema: z.object({ name: z.string().nullish(), description: z.string().nullish(), schema: z.record(z.unknown()).nullish() }).nullish(),
});
export type OpenAIResponseFormat = z.infer<typeof openAIResponseFormatSchema>;

export const openAIChatRequestSchema = z.object({
  messages: z.array(openAIMessageSchema),
  tools: z.array(openAIToolSchema).nullish(),
  tool_choice: openAIToolChoiceSchema.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: openAIResponseFormatSchema.nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  n: z.number().int().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  user: z.string().nullish(),
});
export type OpenAIChatRequest = z.infer<typeof openAIChatRequestSchema>;

/** The request as those adapters read it; the first problem becomes a 400 naming the field. */
export function parseOpenAIChatRequest(body: Record<string, unknown>): OpenAIChatRequest {
  const parsed = openAIChatRequestSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue ? issue.path.join('.') : '';
  throw new ProviderError('bad_request', 400, `${path === '' ? 'request' : path}: ${issue?.message ?? 'invalid'}`, { code: 'invalid_request', ...(path ? { param: path } : {}) });
}
