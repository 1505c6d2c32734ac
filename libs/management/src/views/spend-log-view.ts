import type { SpendLogRecord } from '@switchboard/db';
import { toWire } from './to-wire.ts';

/**
 * A spend row as LiteLLM's clients read it: `api_key` is the key's hash, `response_id` the `id` the client got
 * (what `?request_id=` also finds), `request_id` the gateway's own id; bodies are never listed.
 */
export const spendLogView = (row: SpendLogRecord) => toWire(row, { keyHash: 'api_key' }, ['requestBody', 'responseBody']);
