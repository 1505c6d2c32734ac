import { startFakeJsonServer, type FakeAnswer, type FakeJsonServer } from './fake-json-server.ts';

/** What LiteLLM's generic guardrail API receives (the fields Switchboard sends). */
export interface GenericGuardrailRequest {
  texts: string[];
  request_data: Record<string, unknown>;
  input_type: 'request' | 'response';
  litellm_call_id: string;
  additional_provider_specific_params: Record<string, unknown>;
}

/**
 * A fake guardrail service implementing LiteLLM's generic guardrail API: `POST
 * /beta/litellm_basic_guardrail_api`, answering `{action: BLOCKED | NONE | GUARDRAIL_INTERVENED,
 * blocked_reason?, texts?}` from `decide`.
 */
export function startFakeGuardrailApi(decide: (request: GenericGuardrailRequest) => FakeAnswer): Promise<FakeJsonServer> {
  return startFakeJsonServer({ 'POST /beta/litellm_basic_guardrail_api': (json) => decide(json as GenericGuardrailRequest) });
}
