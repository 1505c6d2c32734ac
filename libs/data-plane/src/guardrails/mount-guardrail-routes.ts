import type { RequestHandler } from 'express';
import type { Guardrails } from '@switchboard/guardrails';
import { HttpError, type ServiceApp } from '@switchboard/service-kit';
import { authenticate, type AuthenticateOptions } from '../authenticate.ts';
import { requireProxyAdmin } from '../health/require-proxy-admin.ts';
import { jsonBody } from '../json-body.ts';

const MAX_APPLY_CHARS = 1_000_000;

/** LiteLLM's `/guardrails/apply_guardrail` body: a guardrail name and the text to check. */
function applyInputOf(body: unknown): { guardrailName: string; text: string; inputType?: 'request' | 'response' } {
  const fields = (body ?? {}) as Record<string, unknown>;
  if (typeof fields.guardrail_name !== 'string' || fields.guardrail_name === '') throw new HttpError(400, 'guardrail_name is required', { code: 'invalid_request', param: 'guardrail_name' });
  if (typeof fields.text !== 'string') throw new HttpError(400, 'text must be a string', { code: 'invalid_request', param: 'text' });
  if (fields.text.length > MAX_APPLY_CHARS) throw new HttpError(400, `text: at most ${MAX_APPLY_CHARS} characters`, { code: 'invalid_request', param: 'text' });
  const inputType = fields.input_type;
  if (inputType !== undefined && inputType !== null && inputType !== 'request' && inputType !== 'response') throw new HttpError(400, 'input_type must be "request" or "response"', { code: 'invalid_request', param: 'input_type' });
  return { guardrailName: fields.guardrail_name, text: fields.text, ...(inputType ? { inputType } : {}) };
}

/**
 * LiteLLM's guardrail routes, served by the gateway (it runs the guardrails), for the master key or a proxy
 * admin: the configured list (no credential or service address in it) in both of LiteLLM's shapes, one guardrail's
 * entry, and one guardrail applied to a text.
 */
export function mountGuardrailRoutes(service: ServiceApp, guardrails: Guardrails | undefined, auth: AuthenticateOptions, maxRequestBytes: number): void {
  const authn = authenticate(auth);
  const list: RequestHandler = function listGuardrails(_req, res) {
    res.json(guardrails ? guardrails.list() : { guardrails: [] });
  };
  const apply: RequestHandler = async function applyGuardrail(req, res) {
    const input = applyInputOf(req.body);
    if (!guardrails) throw new HttpError(404, `guardrail "${input.guardrailName}" is not configured`, { code: 'guardrail_not_found', param: 'guardrail_name' });
    const principal = req.principal;
    const { responseText } = await guardrails.apply({ ...input, requestId: req.requestId, ...(principal?.keyHash ? { caller: { user_api_key_hash: principal.keyHash } } : {}) });
    res.json({ response_text: responseText });
  };
  service.route('get', '/guardrails/list', authn, requireProxyAdmin, list);
  service.route('get', '/v2/guardrails/list', authn, requireProxyAdmin, function listGuardrailInfo(_req, res) {
    res.json(guardrails ? guardrails.listInfo() : { guardrails: [] });
  });
  service.route('get', '/guardrails/:guardrail_id/info', authn, requireProxyAdmin, function guardrailInfo(req, res) {
    const id = String(req.params.guardrail_id);
    const info = guardrails?.info(id);
    if (!info) throw new HttpError(404, `Guardrail with ID ${id} not found`, { code: 'guardrail_not_found', param: 'guardrail_id' });
    res.json(info);
  });
  service.route('post', '/guardrails/apply_guardrail', authn, requireProxyAdmin, ...jsonBody(maxRequestBytes), apply);
}
