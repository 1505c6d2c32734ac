import { z } from 'zod';
import type { JsonOperation } from '@switchboard/providers';
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

// Hand-written checks of the schemas above for the hot endpoints. Each answers true only for bodies its
// schema accepts unchanged (none of these schemas transforms a value), so a true answer skips zod; a false
// one lets zod find and word the problem. request-schemas.test.ts holds them to that on generated bodies.
type Body = Record<string, unknown>;
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);
const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);
const isModel = (value: unknown) => typeof value === 'string' && value.length >= 1 && value.length <= 256;
const optionalBoolean = (value: unknown) => value === undefined || typeof value === 'boolean';
const optionalUser = (value: unknown) => value === undefined || (typeof value === 'string' && value.length <= 256);
const nullablePositiveInt = (value: unknown) => value === undefined || value === null || (typeof value === 'number' && Number.isInteger(value) && value > 0);
const numberArray = (value: unknown[]) => value.every((item) => typeof item === 'number');

function isPlainMessage(message: unknown): boolean {
  if (!isObject(message) || typeof message.role !== 'string' || !ROLES.has(message.role)) return false;
  const content = message.content;
  if (content === undefined || content === null || typeof content === 'string') return true;
  return Array.isArray(content) && content.every((part) => isObject(part) && typeof part.type === 'string');
}

export function isValidChatRequest(body: Body): boolean {
  const { messages, stream_options: streamOptions, temperature } = body;
  return (
    isModel(body.model) &&
    Array.isArray(messages) &&
    messages.length > 0 &&
    messages.every(isPlainMessage) &&
    optionalBoolean(body.stream) &&
    (streamOptions === undefined || streamOptions === null || (isObject(streamOptions) && optionalBoolean(streamOptions.include_usage))) &&
    nullablePositiveInt(body.max_tokens) &&
    nullablePositiveInt(body.max_completion_tokens) &&
    nullablePositiveInt(body.n) &&
    (temperature === undefined || temperature === null || (typeof temperature === 'number' && temperature >= 0 && temperature <= 2)) &&
    optionalUser(body.user)
  );
}

export function isValidCompletionRequest(body: Body): boolean {
  const prompt = body.prompt;
  const promptOk =
    typeof prompt === 'string' ||
    (Array.isArray(prompt) && (prompt.every((item) => typeof item === 'string') || numberArray(prompt) || prompt.every((item) => Array.isArray(item) && numberArray(item))));
  return isModel(body.model) && promptOk && optionalBoolean(body.stream) && nullablePositiveInt(body.max_tokens) && optionalUser(body.user);
}

export function isValidEmbeddingRequest(body: Body): boolean {
  const input = body.input;
  const inputOk =
    typeof input === 'string' ||
    (Array.isArray(input) && input.length > 0 && (input.every((item) => typeof item === 'string') || numberArray(input) || input.every((item) => Array.isArray(item) && numberArray(item))));
  return isModel(body.model) && inputOk && optionalUser(body.user);
}

/**
 * Validates a parsed body; the first problem becomes a 400 naming the field (`param`). `isValid`, when
 * given, is a faster check that accepts only what the schema accepts unchanged.
 */
export function validateBody<T extends z.ZodTypeAny>(schema: T, body: unknown, isValid?: (body: Body) => boolean): z.infer<T> {
  if (isValid && isObject(body) && isValid(body)) return body as z.infer<T>;
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  const message = issue ? (param && !issue.message.startsWith(String(issue.path[0])) ? `${param}: ${issue.message}` : issue.message) : 'invalid request body';
  throw new HttpError(400, message, { param, code: 'invalid_request' });
}

type Schema = z.ZodType<Record<string, unknown> & { model?: string; stream?: boolean }>;
type FastCheck = (body: Body) => boolean;

/** One OpenAI JSON endpoint: its path (without `/v1`), its operation, its body's schema and the schema's fast check. */
export interface JsonEndpoint {
  path: string;
  operation: JsonOperation;
  schema: Schema;
  isValid?: FastCheck;
}

/** The OpenAI JSON endpoints, as mounted (mount-data-plane.ts) and as `/utils/transform_request` builds their requests. */
export const JSON_ENDPOINTS: readonly JsonEndpoint[] = [
  { path: '/chat/completions', operation: 'chat', schema: chatRequestSchema as Schema, isValid: isValidChatRequest },
  { path: '/completions', operation: 'completions', schema: completionRequestSchema as Schema, isValid: isValidCompletionRequest },
  { path: '/embeddings', operation: 'embeddings', schema: embeddingRequestSchema as Schema, isValid: isValidEmbeddingRequest },
  { path: '/images/generations', operation: 'images', schema: imageRequestSchema as Schema },
  { path: '/moderations', operation: 'moderations', schema: moderationRequestSchema as Schema },
  { path: '/responses', operation: 'responses', schema: responsesRequestSchema as Schema },
];
