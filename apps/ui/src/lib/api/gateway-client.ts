import { apiErrorFrom, networkError } from './api-error.ts';
import type { FetchFn } from './http.ts';
import { createSseParser, parseChatStreamData, type ChatStreamEvent } from './sse.ts';

/**
 * The playground's calls to the gateway on this origin, with a virtual key (never the session cookie:
 * the gateway does not read it). A 401 here means the key is wrong, not that the session ended, so
 * these calls never redirect to Login.
 */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const defaultFetch: FetchFn = (input, init) => fetch(input, init);

function keyHeaders(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

export async function listGatewayModels(key: string, fetchFn: FetchFn = defaultFetch): Promise<string[]> {
  let response: Response;
  try {
    response = await fetchFn('/v1/models', { headers: keyHeaders(key), credentials: 'omit', cache: 'no-store' });
  } catch (cause) {
    throw networkError(cause);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw apiErrorFrom(response.status, text);
  const body = JSON.parse(text) as { data?: Array<{ id?: unknown }> };
  return (body.data ?? []).flatMap((model) => (typeof model.id === 'string' ? [model.id] : [])).sort();
}

export interface ChatRequest {
  key: string;
  model: string;
  messages: ChatMessage[];
  signal?: AbortSignal;
  fetchFn?: FetchFn;
}

/** Streams `POST /v1/chat/completions` (`stream: true`) and yields what each SSE event means. */
export async function* streamChatCompletion({ key, model, messages, signal, fetchFn = defaultFetch }: ChatRequest): AsyncGenerator<ChatStreamEvent> {
  let response: Response;
  try {
    response = await fetchFn('/v1/chat/completions', {
      method: 'POST',
      headers: { ...keyHeaders(key), 'content-type': 'application/json', accept: 'text/event-stream' },
      credentials: 'omit',
      cache: 'no-store',
      body: JSON.stringify({ model, messages, stream: true, stream_options: { include_usage: true } }),
      signal,
    });
  } catch (cause) {
    throw networkError(cause);
  }
  if (!response.ok || response.body === null) {
    throw apiErrorFrom(response.status, await response.text().catch(() => ''));
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parser = createSseParser();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (cause) {
        throw networkError(cause);
      }
      const events = chunk.done ? [...parser.push(decoder.decode()), ...parser.end()] : parser.push(decoder.decode(chunk.value, { stream: true }));
      for (const event of events) {
        for (const meaning of parseChatStreamData(event.data)) {
          yield meaning;
          if (meaning.type === 'done') return;
        }
      }
      if (chunk.done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

export interface DeploymentHealth {
  /** `model_info.id` (or the model name when the gateway gives no id) → healthy or not, with the reason. */
  byDeployment: Map<string, { healthy: boolean; error?: string }>;
}

/**
 * LiteLLM's `GET /health` (per-deployment checks) when this gateway offers it; `undefined` when it does
 * not (404), so the Models page says so instead of showing an error; `'admin-key-only'` when the gateway
 * refuses the dashboard's login (it calls every provider, so it takes the master key or a proxy admin's key).
 */
export async function deploymentHealth(fetchFn: FetchFn = defaultFetch): Promise<DeploymentHealth | 'admin-key-only' | undefined> {
  let response: Response;
  try {
    response = await fetchFn('/health', { credentials: 'same-origin', cache: 'no-store' });
  } catch (cause) {
    throw networkError(cause);
  }
  const text = await response.text().catch(() => '');
  if (response.status === 404) return undefined;
  if (response.status === 401 || response.status === 403) return 'admin-key-only';
  if (!response.ok) throw apiErrorFrom(response.status, text);
  const body = JSON.parse(text) as { healthy_endpoints?: unknown[]; unhealthy_endpoints?: unknown[] };
  if (!Array.isArray(body.healthy_endpoints) && !Array.isArray(body.unhealthy_endpoints)) return undefined;
  const byDeployment = new Map<string, { healthy: boolean; error?: string }>();
  const add = (endpoints: unknown[] | undefined, healthy: boolean) => {
    for (const endpoint of endpoints ?? []) {
      const record = endpoint as { model_id?: unknown; id?: unknown; model?: unknown; error?: unknown };
      const id = [record.model_id, record.id, record.model].find((value): value is string => typeof value === 'string');
      if (id) byDeployment.set(id, { healthy, ...(typeof record.error === 'string' ? { error: record.error } : {}) });
    }
  };
  add(body.healthy_endpoints, true);
  add(body.unhealthy_endpoints, false);
  return { byDeployment };
}
