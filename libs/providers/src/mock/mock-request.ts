import { UpstreamCallCaptured } from '../http/capture-upstream-call.ts';
import { openaiUrl } from '../openai-wire/openai-endpoints.ts';
import { prepareOpenAIJsonBody, prepareOpenAIStreamBody } from '../openai-wire/prepare-openai-body.ts';
import type { DeploymentTarget, JsonOperation, StreamOperation } from '../provider.ts';

/** Where the mock provider says it would send: no host, since it sends nothing. */
const MOCK_API_BASE = 'mock://mock/v1';

/**
 * The request the mock provider stands for, when a call asks only to see it (`CallContext.captureOnly`): the mock
 * answers in OpenAI's place, so it shows OpenAI's request, built by the OpenAI adapter's own body functions, at a
 * `mock://` address. Without it `/utils/transform_request` would have nothing to show on the default mock config.
 */
export function mockRequestCaptured(operation: JsonOperation, body: Record<string, unknown>, target: DeploymentTarget, stream: boolean): UpstreamCallCaptured {
  const sent = stream ? prepareOpenAIStreamBody(operation as StreamOperation, body, target.model, { requestUsage: true }) : prepareOpenAIJsonBody(operation, body, target.model);
  return new UpstreamCallCaptured({ url: openaiUrl(MOCK_API_BASE, operation), headers: { 'content-type': 'application/json' }, body: JSON.stringify(sent), mode: stream ? 'stream' : 'json' });
}
