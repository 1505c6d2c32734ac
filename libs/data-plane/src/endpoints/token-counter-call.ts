import { z } from 'zod';
import { countPromptTokens } from '@switchboard/providers';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { answeredLocally } from './local-answer.ts';

/** LiteLLM's `TokenCountRequest`: a model, and the chat `messages` or a completion `prompt` to count. */
export const tokenCounterRequestSchema = z
  .object({
    model: z.string({ required_error: 'model is required' }).min(1),
    prompt: z.string().nullish(),
    messages: z.array(z.record(z.unknown())).nullish(),
  })
  .passthrough()
  .refine((body) => typeof body.prompt === 'string' || Array.isArray(body.messages), { message: 'Give messages or prompt to count', path: ['messages'] });

/** The tokenizer the count is made with: OpenAI's o200k, which only approximates other providers' tokenizers. */
const TOKENIZER = 'openai_tokenizer';

/**
 * LiteLLM's `POST /utils/token_counter`: `{total_tokens, request_model, model_used, tokenizer_type}` for the messages
 * (or prompt) as the model group would be sent them, counted here with the o200k tokenizer. It goes through the call
 * pipeline like any call (the key's models and limits; a spend row at no cost), answered without an upstream call.
 * `model_used` is the upstream model of the group's first deployment, as LiteLLM names the model it counted for.
 */
export function tokenCounterCall(deps: DataPlaneDeps, body: z.output<typeof tokenCounterRequestSchema>): CallSpec {
  const chat = Array.isArray(body.messages);
  const counted: Record<string, unknown> = chat ? { messages: body.messages } : { prompt: body.prompt };
  const operation = chat ? 'chat' : 'completions';
  return {
    route: '/utils/token_counter',
    model: body.model,
    body: counted,
    countAs: operation,
    ...answeredLocally((modelGroup) => {
      const deployment = deps.router.deploymentsOf(modelGroup)[0];
      return { body: { total_tokens: countPromptTokens(operation, counted), request_model: body.model, model_used: deployment?.model ?? body.model, tokenizer_type: TOKENIZER } };
    }),
  };
}
