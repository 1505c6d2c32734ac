import { z } from 'zod';
import { countPromptTokens } from '@switchboard/providers';
import { HttpError } from '@switchboard/service-kit';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import type { CallSpec } from '../pipeline/call-spec.ts';
import { answeredLocally } from './local-answer.ts';

/** LiteLLM's `SpendCalculateRequest`: a model and the messages it would be sent, or an answer already received. */
export const spendCalculateRequestSchema = z
  .object({
    model: z.string().min(1).nullish(),
    messages: z.array(z.record(z.unknown())).nullish(),
    completion_response: z
      .object({
        model: z.string({ required_error: 'completion_response.model is required' }).min(1),
        usage: z.object({ prompt_tokens: z.number().int().nonnegative(), completion_tokens: z.number().int().nonnegative().default(0) }).passthrough().nullish(),
      })
      .passthrough()
      .nullish(),
  })
  .passthrough();

type SpendCalculateRequest = z.output<typeof spendCalculateRequestSchema>;

const badRequest = (message: string, param: string) => new HttpError(400, message, { param, code: 'invalid_request' });

/**
 * The model group an answer's `model` names: the group of that name, else the one group whose deployment calls that
 * upstream model (an answer names the upstream's model, `gpt-4o-mini-2024-07-18`, not the group). The name then goes
 * through the pipeline's own resolution and authorization like any model a client names.
 */
function groupOfAnswerModel(deps: DataPlaneDeps, model: string): string {
  if (deps.router.resolveGroup(model) !== undefined) return model;
  const groups = deps.router.groupNames().filter((group) => deps.router.deploymentsOf(group).some((deployment) => deployment.model === model || `${deployment.provider}/${deployment.model}` === model));
  return groups.length === 1 ? (groups[0] as string) : model;
}

/**
 * LiteLLM's `POST /spend/calculate`: `{cost}` in USD, before a call (`model` and the `messages`: their prompt tokens,
 * counted with the o200k tokenizer, at the group's input price) or after one (`completion_response`: its usage at the
 * prices of the model it names). Priced as the gateway prices calls (the first deployment of the group: its
 * `model_info` prices, else the price table). It goes through the call pipeline like any call, so a key learns the
 * price only of models it may call (a team's own models among them), under its limits, with a spend row at no cost.
 */
export function spendCalculateCall(deps: DataPlaneDeps, body: SpendCalculateRequest): CallSpec {
  let model: string;
  let usage: { promptTokens: number; completionTokens: number; totalTokens: number } | undefined;
  if (typeof body.model === 'string') {
    if (!Array.isArray(body.messages)) throw badRequest("messages must be provided if 'model' is provided", 'messages');
    model = body.model;
  } else if (body.completion_response) {
    const answer = body.completion_response;
    if (!answer.usage) throw badRequest('completion_response.usage is required to price an answer', 'completion_response.usage');
    model = groupOfAnswerModel(deps, answer.model);
    usage = { promptTokens: answer.usage.prompt_tokens, completionTokens: answer.usage.completion_tokens, totalTokens: answer.usage.prompt_tokens + answer.usage.completion_tokens };
  } else {
    throw badRequest("Either 'model' or 'completion_response' must be provided", 'model');
  }
  const messages = { messages: body.messages ?? [] };
  return {
    route: '/spend/calculate',
    model,
    body: messages,
    countAs: 'chat',
    ...answeredLocally((modelGroup) => {
      const deployment = deps.router.deploymentsOf(modelGroup)[0];
      const promptTokens = usage ? 0 : countPromptTokens('chat', messages);
      const priced = usage ?? { promptTokens, completionTokens: 0, totalTokens: promptTokens };
      const cost = deployment ? deps.priceBook.cost(deployment, priced) : { nanoUsd: 0 };
      return { body: { cost: cost.nanoUsd / 1_000_000_000 } };
    }),
  };
}
