import type { Request } from 'express';
import type { NativeMessagesApi, ProviderAdapter } from '@switchboard/providers';
import type { CallSpec, ProviderAttempt } from '../pipeline/call-spec.ts';
import { unsupported } from '../pipeline/route-call.ts';
import { validateBody } from '../request-schemas.ts';
import { anthropicRequestSchema } from './anthropic-request-schema.ts';
import { anthropicToOpenAIRequest } from './anthropic-to-openai-request.ts';
import { nativeAnthropicFormat, translatedAnthropicFormat } from './anthropic-wire-formats.ts';
import { clientBetas } from './client-betas.ts';

interface MessagesCall {
  /** The client's body exactly as received (validated), for deployments that speak Anthropic. */
  native: Record<string, unknown>;
  /** The same request in OpenAI's format, with what it had to leave out. */
  translated: { body: Record<string, unknown>; warnings: string[] };
  stream: boolean;
  betas: string[];
}

function nativeAttempt(api: NativeMessagesApi, call: MessagesCall): ProviderAttempt {
  return {
    format: nativeAnthropicFormat,
    call: (target, ctx) => (call.stream ? api.stream(call.native, target, ctx, { betas: call.betas }) : api.json(call.native, target, ctx, { betas: call.betas })),
  };
}

function translatedAttempt(adapter: ProviderAdapter, call: MessagesCall): ProviderAttempt {
  return {
    format: translatedAnthropicFormat,
    call(target, ctx) {
      for (const warning of call.translated.warnings) ctx.onWarning?.(warning);
      const { body } = call.translated;
      return call.stream ? adapter.stream('chat', body, target, ctx) : adapter.json('chat', body, target, ctx);
    },
  };
}

/**
 * `POST /v1/messages`: Anthropic's format in, any provider out. A deployment whose adapter speaks the
 * Messages API natively gets the client's body as-is (cache_control, thinking and betas included) and
 * its events stream through unchanged; any other deployment gets the request translated to OpenAI's
 * format and its answer translated back. The choice is made per deployment tried, so a fallback from
 * Anthropic to another provider (or back) answers in the same format.
 */
export function messagesCall(req: Request): CallSpec {
  const request = validateBody(anthropicRequestSchema, req.body);
  const call: MessagesCall = { native: req.body as Record<string, unknown>, translated: anthropicToOpenAIRequest(request), stream: request.stream === true, betas: clientBetas(req) };
  const route = '/messages';
  const spec: CallSpec = {
    route,
    model: request.model,
    body: call.translated.body,
    countAs: 'chat',
    respond: call.stream ? 'sse' : 'json',
    format: translatedAnthropicFormat,
    attempt(deployment, adapter) {
      if (adapter.messages) return nativeAttempt(adapter.messages, call);
      if (!adapter.supports('chat', call.stream)) throw unsupported({ route, model: request.model }, deployment.provider);
      return translatedAttempt(adapter, call);
    },
    guard: {
      operation: 'messages',
      body: () => call.native,
      // The native body goes to Anthropic as it is; every other provider gets it translated again.
      replace(masked) {
        call.native = masked;
        call.translated = anthropicToOpenAIRequest(validateBody(anthropicRequestSchema, masked));
        spec.body = call.translated.body;
      },
      strip() {
        if ('guardrails' in call.native) delete call.native.guardrails;
        if ('guardrails' in call.translated.body) delete call.translated.body.guardrails;
      },
    },
  };
  return spec;
}
