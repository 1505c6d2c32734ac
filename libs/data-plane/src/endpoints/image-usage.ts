import type { ImageUsage } from '@switchboard/pricing';
import type { JsonResult } from '@switchboard/providers';

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined);

/** How many images an images answer holds (`data: [...]`). */
export function imagesIn(result: JsonResult): number {
  return Array.isArray(result.body.data) ? result.body.data.length : 0;
}

/** The token usage a gpt-image answer reports (`usage.input_tokens`, `..._details.image_tokens`), if any. */
export function imageUsageOf(result: JsonResult): ImageUsage | undefined {
  const usage = result.body.usage;
  if (!isRecord(usage)) return undefined;
  const inputTokens = count(usage.input_tokens);
  const outputTokens = count(usage.output_tokens);
  if (inputTokens === undefined || outputTokens === undefined) return undefined;
  const inputImageTokens = isRecord(usage.input_tokens_details) ? count(usage.input_tokens_details.image_tokens) : undefined;
  const outputImageTokens = isRecord(usage.output_tokens_details) ? count(usage.output_tokens_details.image_tokens) : undefined;
  return { inputTokens, outputTokens, ...(inputImageTokens !== undefined ? { inputImageTokens } : {}), ...(outputImageTokens !== undefined ? { outputImageTokens } : {}) };
}
