import { describe, expect, it } from 'vitest';
import type { LoggedCall } from './logged-call.ts';
import { toStandardLoggingPayload } from './to-standard-logging-payload.ts';

describe('toStandardLoggingPayload', () => {
  it("writes a failed streamed call with LiteLLM's field names", () => {
    const call: LoggedCall = {
      requestId: 'req-1', responseId: 'chatcmpl-1', route: '/v1/chat/completions', startTime: 1_700_000_000_000, firstByteTime: 1_700_000_000_250, endTime: 1_700_000_001_000,
      requestedModel: 'gpt-4o', modelGroup: 'gpt-4o', deploymentId: 'dep-1', provider: 'openai', upstreamModel: 'gpt-4o-2024-08-06', stream: true,
      usage: { promptTokens: 10, completionTokens: 2, totalTokens: 12 }, cost: '0.000045000', status: 429, errorType: 'rate_limit',
      keyHash: 'abc', keyAlias: 'ci', teamId: 't1', endUser: 'u-9', tags: ['prod'],
    };
    expect(toStandardLoggingPayload(call)).toMatchObject({
      id: 'req-1', trace_id: 'req-1', call_type: '/v1/chat/completions', stream: true, status: 'failure', response_cost: 0.000045,
      startTime: 1_700_000_000, endTime: 1_700_000_001, completionStartTime: 1_700_000_000.25, response_time: 0.25,
      model: 'gpt-4o-2024-08-06', model_id: 'dep-1', model_group: 'gpt-4o', custom_llm_provider: 'openai', prompt_tokens: 10, completion_tokens: 2, total_tokens: 12,
      end_user: 'u-9', request_tags: ['prod'], error_str: 'rate_limit', error_information: { error_code: '429', error_class: 'rate_limit', llm_provider: 'openai' },
      metadata: { user_api_key_hash: 'abc', user_api_key_alias: 'ci', user_api_key_team_id: 't1', user_api_key_end_user_id: 'u-9' },
      hidden_params: { response_cost: '0.000045000', response_id: 'chatcmpl-1' },
    });
  });
});
