import { z } from 'zod';

/*
 * Anthropic Messages requests, checked at the edge: the fields the gateway relies on and every content
 * block's type. Blocks and objects are `.passthrough()`: fields we do not check still reach Anthropic
 * deployments untouched (the native path forwards the client's body as-is).
 */
const cacheControl = z.object({ type: z.string() }).passthrough().nullish();
const str = (name: string) => z.string({ required_error: `${name} is required`, invalid_type_error: `${name} must be a string` });

const textBlock = z.object({ type: z.literal('text'), text: str('text'), cache_control: cacheControl }).passthrough();
const imageBlock = z
  .object({
    type: z.literal('image'),
    source: z.object({ type: z.enum(['base64', 'url', 'file']), media_type: z.string().optional(), data: z.string().optional(), url: z.string().optional() }).passthrough(),
    cache_control: cacheControl,
  })
  .passthrough();
const documentBlock = z
  .object({ type: z.literal('document'), source: z.object({ type: z.string() }).passthrough(), title: z.string().nullish(), cache_control: cacheControl })
  .passthrough();
const toolUseBlock = z.object({ type: z.literal('tool_use'), id: str('id'), name: str('name'), input: z.record(z.unknown(), { invalid_type_error: 'input must be an object' }), cache_control: cacheControl }).passthrough();
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: str('thinking'), signature: z.string().optional() }).passthrough();
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: str('data') }).passthrough();

/**
 * Blocks only Anthropic itself understands (server tools, MCP, search results): accepted and forwarded
 * to Anthropic deployments; left out, with a warning, when the request is translated for another provider.
 */
export const NATIVE_ONLY_BLOCK_TYPES = [
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
  'mcp_tool_use',
  'mcp_tool_result',
  'container_upload',
  'search_result',
] as const;
const nativeOnlyBlock = z.object({ type: z.enum(NATIVE_ONLY_BLOCK_TYPES) }).passthrough();

function blockUnion<T extends [z.ZodDiscriminatedUnionOption<'type'>, ...z.ZodDiscriminatedUnionOption<'type'>[]]>(options: T) {
  const known = options.flatMap((option) => {
    const type = option.shape.type;
    return type instanceof z.ZodLiteral ? [String(type.value)] : type instanceof z.ZodEnum ? (type.options as string[]) : [];
  });
  return z.discriminatedUnion('type', options, {
    errorMap: (issue, ctx) => {
      if (issue.code !== 'invalid_union_discriminator') return { message: ctx.defaultError };
      const given = typeof ctx.data === 'object' && ctx.data !== null ? (ctx.data as { type?: unknown }).type : undefined;
      return { message: `unknown content block type ${given === undefined ? '(missing)' : JSON.stringify(given)}; expected one of ${known.join(', ')}` };
    },
  });
}

/**
 * A string, or an array of `item`. Unlike `z.union`, an array's own problems (an unknown block type deep
 * inside) are reported with their path instead of a vague "invalid input".
 */
function stringOr<T extends z.ZodTypeAny>(item: T, message: string) {
  const array = z.array(item);
  return z
    .unknown()
    .superRefine((value, ctx) => {
      if (typeof value === 'string') return;
      if (!Array.isArray(value)) return void ctx.addIssue({ code: z.ZodIssueCode.custom, message });
      for (const issue of array.safeParse(value).error?.issues ?? []) ctx.addIssue({ ...issue, code: z.ZodIssueCode.custom });
    })
    .transform((value) => value as string | z.infer<T>[]);
}

const toolResultContentBlock = blockUnion([textBlock, imageBlock, documentBlock, nativeOnlyBlock]);
const toolResultBlock = z
  .object({
    type: z.literal('tool_result'),
    tool_use_id: str('tool_use_id'),
    content: stringOr(toolResultContentBlock, 'content must be a string or an array of content blocks').optional(),
    is_error: z.boolean().optional(),
    cache_control: cacheControl,
  })
  .passthrough();

export const anthropicContentBlockSchema = blockUnion([textBlock, imageBlock, documentBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock, nativeOnlyBlock]);
export type AnthropicContentBlockParam = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicMessageSchema = z
  .object({
    role: z.enum(['user', 'assistant'], { errorMap: () => ({ message: 'role must be user or assistant' }) }),
    content: stringOr(anthropicContentBlockSchema, 'content must be a string or an array of content blocks'),
  })
  .passthrough();
export type AnthropicMessageParam = z.infer<typeof anthropicMessageSchema>;

export const anthropicToolSchema = z
  .object({ name: str('name'), type: z.string().nullish(), description: z.string().nullish(), input_schema: z.record(z.unknown()).nullish(), cache_control: cacheControl })
  .passthrough();
export type AnthropicToolParam = z.infer<typeof anthropicToolSchema>;

export const anthropicToolChoiceSchema = z
  .object({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional(), disable_parallel_tool_use: z.boolean().optional() })
  .passthrough()
  .refine((choice) => choice.type !== 'tool' || typeof choice.name === 'string', { message: 'name is required when type is tool', path: ['name'] });

const promptFields = {
  model: str('model').min(1, 'model must not be empty').max(256),
  messages: z.array(anthropicMessageSchema, { required_error: 'messages is required', invalid_type_error: 'messages must be an array' }).min(1, 'messages must contain at least one message'),
  system: stringOr(textBlock, 'system must be a string or an array of text blocks').optional(),
  tools: z.array(anthropicToolSchema, { invalid_type_error: 'tools must be an array' }).optional(),
  tool_choice: anthropicToolChoiceSchema.optional(),
  thinking: z.object({ type: z.string() }).passthrough().optional(),
};

export const anthropicRequestSchema = z
  .object({
    ...promptFields,
    max_tokens: z.number({ required_error: 'max_tokens is required', invalid_type_error: 'max_tokens must be a number' }).int('max_tokens must be a whole number').positive('max_tokens must be positive'),
    stream: z.boolean({ invalid_type_error: 'stream must be a boolean' }).optional(),
    stop_sequences: z.array(z.string(), { invalid_type_error: 'stop_sequences must be an array of strings' }).optional(),
    metadata: z.object({ user_id: z.string().max(256).nullish() }).passthrough().optional(),
    temperature: z.number({ invalid_type_error: 'temperature must be a number' }).min(0).max(1).optional(),
    top_p: z.number({ invalid_type_error: 'top_p must be a number' }).min(0).max(1).optional(),
    top_k: z.number({ invalid_type_error: 'top_k must be a number' }).int().nonnegative().optional(),
  })
  .passthrough();
export type AnthropicRequest = z.infer<typeof anthropicRequestSchema>;

/** `/v1/messages/count_tokens` takes the prompt fields only. */
export const anthropicCountTokensRequestSchema = z.object(promptFields).passthrough();
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequestSchema>;
