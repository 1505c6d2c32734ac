import { isFailure, type LoggedCall } from './logged-call.ts';

const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms / 1000);

/**
 * A call in the shape of LiteLLM's `StandardLoggingPayload` (the fields we have), so consumers written
 * for LiteLLM's generic webhook and S3 logger read ours unchanged. Times are epoch seconds as there;
 * `hidden_params.response_cost` keeps the exact decimal string next to the float `response_cost`.
 */
export function toStandardLoggingPayload(call: LoggedCall): Record<string, unknown> {
  const failed = isFailure(call);
  return {
    id: call.requestId,
    trace_id: call.traceId ?? call.requestId,
    call_type: call.route,
    stream: call.stream ?? false,
    status: failed ? 'failure' : 'success',
    response_cost: Number(call.cost),
    startTime: seconds(call.startTime),
    endTime: seconds(call.endTime),
    completionStartTime: seconds(call.firstByteTime ?? call.endTime),
    response_time: ((call.firstByteTime ?? call.endTime) - call.startTime) / 1000,
    model: call.upstreamModel ?? call.requestedModel ?? '',
    model_id: call.deploymentId ?? null,
    model_group: call.modelGroup ?? null,
    custom_llm_provider: call.provider ?? null,
    prompt_tokens: call.usage?.promptTokens ?? 0,
    completion_tokens: call.usage?.completionTokens ?? 0,
    total_tokens: call.usage?.totalTokens ?? 0,
    cache_hit: call.cacheHit ?? null,
    end_user: call.endUser ?? null,
    request_tags: call.tags ?? [],
    messages: call.messages ?? null,
    response: call.responseText ?? null,
    model_parameters: call.modelParameters ?? {},
    error_str: failed ? (call.errorMessage ?? call.errorType ?? null) : null,
    error_information: failed ? { error_code: String(call.status), error_class: call.errorType ?? null, llm_provider: call.provider ?? null } : null,
    metadata: {
      user_api_key_hash: call.keyHash ?? null,
      user_api_key_alias: call.keyAlias ?? null,
      user_api_key_team_id: call.teamId ?? null,
      user_api_key_team_alias: call.teamAlias ?? null,
      user_api_key_user_id: call.userId ?? null,
      user_api_key_org_id: call.organizationId ?? null,
      user_api_key_end_user_id: call.endUser ?? null,
      requester_metadata: call.metadata ?? null,
    },
    hidden_params: { model_id: call.deploymentId ?? null, response_cost: call.cost, response_id: call.responseId ?? null, attempts: call.attempts ?? null },
  };
}
