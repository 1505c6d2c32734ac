import type { ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { jsonBody } from '../json-body.ts';
import { callHandler } from '../pipeline/call-handler.ts';
import { countTokensCall } from './count-tokens-call.ts';
import { messagesCall } from './messages-call.ts';
import { withAnthropicErrors } from './with-anthropic-errors.ts';

/**
 * Anthropic's Messages API on the gateway, with and without `/v1`: authenticate (`x-api-key` or Bearer)
 * → parse and validate the body → the pipeline (authorize and admit → route → respond → account). Every
 * failure on these routes, authentication and body parsing included, answers in Anthropic's error shape.
 */
export function mountAnthropicApi(service: ServiceApp, deps: DataPlaneDeps, auth: AuthenticateOptions): void {
  const authn = authenticate(auth);
  const json = jsonBody(deps.maxRequestBytes);
  const messages = callHandler(deps, messagesCall);
  const countTokens = callHandler(deps, (req) => countTokensCall(deps, req, req.res!));
  for (const prefix of ['/v1', '']) {
    service.plainRoute('post', `${prefix}/messages`, ...withAnthropicErrors(deps.logger, [authn, ...json, messages]));
    service.route('post', `${prefix}/messages/count_tokens`, ...withAnthropicErrors(deps.logger, [authn, ...json, countTokens]));
  }
}
