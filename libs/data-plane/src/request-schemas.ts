import { z } from 'zod';
import { HttpError } from '@switchboard/service-kit';

/**
 * Partial schemas of the OpenAI request bodies: only the fields the gateway relies on are checked; every
 * other field passes through to the provider untouched.
 */
const model = z.string({ required_error: 'model is required', invalid_type_error: 'model must be a string' }).min(1, 'model must not be empty').max(256);
const streamFlag = z.boolean({ invalid_type_error: 'stream must be a boolean' }).optional();
const positiveInt = (name: string) => z.number({ invalid_type_error: `${name} must be a number` }).int(`${name} must be a whole number`).positive(`${name} must be positive`).optional();

const message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function'], { errorMap: () => ({ message: 'role must be one of system, developer, user, assistant, tool, function' }) }),
    content: z.union([z.string(), z.array(z.object({ type: z.string() }).passthrough()), z.null()]).optional(),
  })
  .passthrough();

export const chatRequestSchema = z
  .object({
    model,
    messages: z.array(message, { required_error: 'messages is required', invalid_type_error: 'messages must be an array' }).min(1, 'messages must contain at least one message'),
    stream: streamFlag,
    stream_options: z.object({ include_usage: z.boolean().optional() }).passthrough().nullish(),
    max_tokens: positiveInt('max_tokens').nullable(),
    max_completion_tokens: positiveInt('max_completion_tokens').nullable(),
    n: positiveInt('n').nullable(),
    temperature: z.number({ invalid_type_error: 'temperature must be a number' }).min(0).max(2).nullish(),
    user: z.string().max(256).optional(),
  })
  .passthrough();

export const completionRequestSchema = z
  .object({
    model,
    prompt: z.union([z.string(), z.array(z.string()), z.array(z.number()), z.array(z.array(z.number()))], { required_error: 'prompt is required' }),
    stream: streamFlag,
    max_tokens: positiveInt('max_tokens').nullable(),
    user: z.string().max(256).optional(),
  })
  .passthrough();

export const embeddingRequestSchema = z
  .object({
    model,
    input: z.union([z.string(), z.array(z.string()).min(1), z.array(z.number()).min(1), z.array(z.array(z.number())).min(1)], { required_error: 'input is required', invalid_type_error: 'input must be a string or an array' }),
    user: z.string().max(256).optional(),
  })
  .passthrough();

export const imageRequestSchema = z.object({ model, prompt: z.string({ required_error: 'prompt is required' }).min(1), n: positiveInt('n') }).passthrough();
export const moderationRequestSchema = z.object({ model: model.optional(), input: z.union([z.string(), z.array(z.unknown()).min(1)], { required_error: 'input is required' }) }).passthrough();
export const speechRequestSchema = z.object({ model, input: z.string({ required_error: 'input is required' }).min(1).max(4096), voice: z.string({ required_error: 'voice is required' }) }).passthrough();
export const responsesRequestSchema = z.object({ model, input: z.union([z.string(), z.array(z.unknown())]).optional(), stream: streamFlag, user: z.string().max(256).optional() }).passthrough();

export type ChatRequest = z.infer<typeof chatRequestSchema>;

/** Validates a parsed body; the first problem becomes a 400 naming the field (`param`). */
export function validateBody<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  const message = issue ? (param && !issue.message.startsWith(String(issue.path[0])) ? `${param}: ${issue.message}` : issue.message) : 'invalid request body';
  throw new HttpError(400, message, { param, code: 'invalid_request' });
}
