import type { ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import type { DataPlaneDeps } from '../data-plane-deps.ts';
import { jsonBody } from '../json-body.ts';
import { countTokensHandler } from './count-tokens-handler.ts';
import { messagesHandler } from './messages-handler.ts';
import { withAnthropicErrors } from './with-anthropic-errors.ts';

/**
 * Anthropic's Messages API on the gateway, with and without `/v1`: authenticate (`x-api-key` or Bearer)
 * → parse and inspect the body → validate → route, call, respond → account. Every failure on these
 * routes, authentication and body parsing included, answers in Anthropic's error shape.
 */
export function mountAnthropicApi(service: ServiceApp, deps: DataPlaneDeps, auth: AuthenticateOptions): void {
  const authn = authenticate(auth);
  const json = jsonBody(deps.maxRequestBytes);
  for (const prefix of ['/v1', '']) {
    service.plainRoute('post', `${prefix}/messages`, ...withAnthropicErrors(deps.logger, [authn, ...json, messagesHandler(deps)]));
    service.route('post', `${prefix}/messages/count_tokens`, ...withAnthropicErrors(deps.logger, [authn, ...json, countTokensHandler(deps)]));
  }
}
