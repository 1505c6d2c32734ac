import type { IncomingHttpHeaders } from 'node:http';
import { isRecord, ProviderError } from '@switchboard/providers';
import { HttpError } from '@switchboard/service-kit';

/**
 * LiteLLM's per-request router controls, as its clients send them in the body (and `x-litellm-timeout` as a
 * header). They are the gateway's, never the provider's: each is taken out of what goes upstream.
 * - `fallbacks`: the request's own fallback models, instead of the configured `fallbacks`/`default_fallbacks`:
 *   model names, `{"model": ..., <parameters>}` objects whose parameters replace the request's on that fallback,
 *   or the config's form `{"<model>": [...]}` (the entry for the requested model, else `"*"`).
 * - `disable_fallbacks: true`: no fallback of any kind.
 * - `num_retries`: how many more calls a failure allows.
 * - `timeout` / `request_timeout` (seconds), or the `x-litellm-timeout` header: the deadline of each attempt.
 * - `mock_timeout: true`: each attempt waits out its deadline and fails as a timeout (also a deployment setting).
 * - `mock_testing_fallbacks` / `_context_fallbacks` / `_content_policy_fallbacks`: the requested model fails so, before
 *   any call, and its fallbacks run; `mock_testing_rate_limit_error`: its first attempt is a 429, so retries run.
 * - `mock_response`: the answer's text, made by the mock provider instead of calling the deployment, only for a key
 *   whose metadata, or whose team's, an admin gave `allow_client_mock_response: true` (LiteLLM's rule); anyone
 *   else's is taken out and the call goes upstream as usual. `mock_tool_calls` is taken out likewise (an allowed key
 *   sending it is refused: the mock provider makes no tool calls).
 */
export interface RouterControls {
  /** The failure the requested group is made to have, so its fallbacks run. */
  simulatedFailure?: ProviderError;
  /** The failure the requested group's first attempt is made to have, so its retries run. */
  failFirstAttempt?: ProviderError;
  fallbacks?: ClientFallback[];
  noFallbacks?: boolean;
  numRetries?: number;
  timeoutMs?: number;
  mockTimeout?: boolean;
  /** The answer's text (`mock_response`), for a key allowed to ask for one: no upstream call is made. */
  mockResponse?: string;
}

/** One entry of the request's `fallbacks`: a model, and the parameters that replace the request's on it. */
export interface ClientFallback {
  model: string;
  overrides?: Record<string, unknown>;
}

const GROUP_FAILURES: ReadonlyArray<[flag: string, failure: () => ProviderError]> = [
  ['mock_testing_fallbacks', () => new ProviderError('upstream_error', 500, 'This is a mock exception for testing fallbacks (mock_testing_fallbacks)')],
  ['mock_testing_context_fallbacks', () => new ProviderError('context_window_exceeded', 400, 'This is a mock exception for testing context window fallbacks (mock_testing_context_fallbacks)', { code: 'context_length_exceeded' })],
  ['mock_testing_content_policy_fallbacks', () => new ProviderError('content_policy', 400, 'This is a mock exception for testing content policy fallbacks (mock_testing_content_policy_fallbacks)', { code: 'content_policy_violation' })],
];
const RATE_LIMIT_FLAG = 'mock_testing_rate_limit_error';

/** Every body field this stage reads (and takes out). */
export const FIELDS = ['fallbacks', 'disable_fallbacks', 'num_retries', 'timeout', 'request_timeout', 'mock_timeout', 'mock_response', 'mock_tool_calls', RATE_LIMIT_FLAG, ...GROUP_FAILURES.map(([flag]) => flag)];

/**
 * Parameters a fallback entry may not replace: how the answer goes out (a stream stays a stream), who the call is
 * for and what it is accounted and guarded as (those were decided for the request as a whole), and the controls.
 */
const NOT_OVERRIDABLE = new Set(['stream', 'stream_options', 'user', 'metadata', 'litellm_metadata', 'tags', 'guardrails', 'cache', ...FIELDS]);

/** Body fields whose text the guardrails check and the limits count. */
export const TEXT_FIELDS: readonly string[] = ['messages', 'prompt', 'input', 'instructions', 'system'];

/** The longest deadline a request may ask for: LiteLLM's default request_timeout. */
const MAX_TIMEOUT_SECONDS = 6_000;

function invalid(param: string, message: string): HttpError {
  return new HttpError(400, message, { param, code: 'invalid_router_control' });
}

/**
 * Whether the body sends any control: named loads, which V8 answers from the body's shape, instead of `in` over the
 * list (a keyed lookup per field on every call). The test holds it to FIELDS.
 */
function sendsControls(body: Record<string, unknown>): boolean {
  return (
    body.fallbacks !== undefined ||
    body.disable_fallbacks !== undefined ||
    body.num_retries !== undefined ||
    body.timeout !== undefined ||
    body.request_timeout !== undefined ||
    body.mock_timeout !== undefined ||
    body.mock_response !== undefined ||
    body.mock_tool_calls !== undefined ||
    body.mock_testing_rate_limit_error !== undefined ||
    body.mock_testing_fallbacks !== undefined ||
    body.mock_testing_context_fallbacks !== undefined ||
    body.mock_testing_content_policy_fallbacks !== undefined
  );
}

/**
 * Takes the controls out of the body; undefined when the request sends none (the common call allocates nothing).
 * `mayMock`: the key may ask for a mock answer (`allow_client_mock_response`, see KeyContext).
 */
export function takeRouterControls(body: Record<string, unknown>, headers: IncomingHttpHeaders, requested: readonly string[], mayMock = false): RouterControls | undefined {
  const header = headers['x-litellm-timeout'];
  if (header === undefined && !sendsControls(body)) return undefined;

  const controls: RouterControls = {};
  for (const [flag, make] of GROUP_FAILURES) if (body[flag] === true && !controls.simulatedFailure) controls.simulatedFailure = make();
  if (body[RATE_LIMIT_FLAG] === true && !controls.simulatedFailure) {
    controls.failFirstAttempt = new ProviderError('rate_limit', 429, 'This is a mock exception for testing rate limit fallbacks (mock_testing_rate_limit_error)');
  }
  if (body.fallbacks !== undefined && body.fallbacks !== null) controls.fallbacks = fallbacksOf(body.fallbacks, requested);
  if (body.disable_fallbacks !== undefined && body.disable_fallbacks !== null) {
    if (typeof body.disable_fallbacks !== 'boolean') throw invalid('disable_fallbacks', 'disable_fallbacks must be true or false');
    if (body.disable_fallbacks) controls.noFallbacks = true;
  }
  if (body.num_retries !== undefined && body.num_retries !== null) {
    const retries = body.num_retries;
    if (typeof retries !== 'number' || !Number.isInteger(retries) || retries < 0 || retries > 100) throw invalid('num_retries', 'num_retries must be a whole number from 0 to 100');
    controls.numRetries = retries;
  }
  // The header first, as LiteLLM reads it into the request's timeout; then the body's two spellings.
  const timeout = secondsOf(header, 'x-litellm-timeout') ?? secondsOf(body.timeout, 'timeout') ?? secondsOf(body.request_timeout, 'request_timeout');
  if (timeout !== undefined) controls.timeoutMs = Math.max(1, Math.round(timeout * 1000));
  if (body.mock_timeout !== undefined && body.mock_timeout !== null) {
    if (typeof body.mock_timeout !== 'boolean') throw invalid('mock_timeout', 'mock_timeout must be true or false');
    if (body.mock_timeout) controls.mockTimeout = true;
  }
  if (mayMock) takeMockAnswer(body, controls);
  for (const field of FIELDS) delete body[field];
  return controls;
}

/** An allowed key's `mock_response` (text), and its refused `mock_tool_calls`. */
function takeMockAnswer(body: Record<string, unknown>, controls: RouterControls): void {
  if (body.mock_tool_calls !== undefined && body.mock_tool_calls !== null) throw invalid('mock_tool_calls', 'mock_tool_calls is not supported: mock_response answers with text only');
  const text = body.mock_response;
  if (text === undefined || text === null) return;
  if (typeof text !== 'string') throw invalid('mock_response', 'mock_response must be text');
  controls.mockResponse = text;
}

/** A timeout in seconds (a number, or a numeric string as headers and some SDKs send it); absent when unset. */
function secondsOf(value: unknown, param: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0 || seconds > MAX_TIMEOUT_SECONDS) {
    throw invalid(param, `${param} must be a number of seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}`);
  }
  return seconds;
}

/**
 * The request's `fallbacks` in LiteLLM's three forms. `requested`: the names the request's model goes by (as
 * sent, and its model group), which pick the entry of the config's form.
 */
function fallbacksOf(value: unknown, requested: readonly string[]): ClientFallback[] {
  const shapes = 'fallbacks must be a list of model names, of {"model": "<name>", ...parameters} objects, or of {"<model>": ["<name>", ...]} objects';
  if (!Array.isArray(value)) throw invalid('fallbacks', shapes);
  if (value.every((entry) => typeof entry === 'string')) return (value as string[]).map((model) => ({ model }));
  if (!value.every(isRecord)) throw invalid('fallbacks', shapes);
  const entries = value as Record<string, unknown>[];
  if (entries.every((entry) => typeof entry.model === 'string')) return entries.map((entry, index) => withOverrides(entry, index));
  if (entries.every(isModelMapping)) {
    const entry = entries.find((candidate) => requested.some((name) => Object.hasOwn(candidate, name))) ?? entries.find((candidate) => Object.hasOwn(candidate, '*'));
    const list = entry ? (Object.values(entry)[0] as string[]) : [];
    return list.map((model) => ({ model }));
  }
  throw invalid('fallbacks', shapes);
}

/** `{"gpt-4": ["claude-3"]}`: one key, a list of model names. */
function isModelMapping(entry: Record<string, unknown>): boolean {
  const values = Object.values(entry);
  return values.length === 1 && Array.isArray(values[0]) && (values[0] as unknown[]).every((name) => typeof name === 'string');
}

function withOverrides(entry: Record<string, unknown>, index: number): ClientFallback {
  const { model, ...overrides } = entry as { model: string } & Record<string, unknown>;
  for (const key of Object.keys(overrides)) {
    if (NOT_OVERRIDABLE.has(key)) throw invalid(`fallbacks[${index}].${key}`, `fallbacks[${index}] may not set "${key}": it holds for the request as a whole`);
  }
  return Object.keys(overrides).length > 0 ? { model, overrides } : { model };
}

/** The fields of text the guardrails check and the limits count that a fallback's parameters replace. */
export function replacedText(fallback: ClientFallback): string[] {
  const overrides = fallback.overrides;
  return overrides === undefined ? [] : TEXT_FIELDS.filter((field) => field in overrides);
}
