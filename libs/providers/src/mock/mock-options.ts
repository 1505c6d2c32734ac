import { z } from 'zod';
import type { DeploymentTarget } from '../provider.ts';
import { misconfiguredDeployment } from '../deployment/misconfigured-deployment.ts';

const milliseconds = z.coerce.number().int().min(0).max(600_000);

/**
 * The mock deployment's `litellm_params`. Numbers may arrive as strings (from environment values).
 *
 * - `mock_response`: fixed reply text; default "Mock response to: <first 50 chars of the last user message>".
 * - `mock_error_status`: answer every call with this upstream status instead (e.g. 429, 500, 503),
 *   mapped exactly as a real OpenAI error with that status; `mock_error_message` sets its text.
 * - `mock_latency_ms`: total time of a non-streaming call.
 * - `mock_ttft_ms`: time to the first streamed chunk; `mock_chunk_delay_ms`: time between chunks.
 * - `mock_chunks`: number of content chunks a stream is cut into (default: one per word).
 * - `mock_embedding_dims`: vector size when the request has no `dimensions` (default 1536).
 */
export const mockOptionsSchema = z.object({
  mock_response: z.string().nullish(),
  mock_error_status: z.coerce.number().int().min(400).max(599).nullish(),
  mock_error_message: z.string().nullish(),
  mock_latency_ms: milliseconds.nullish(),
  mock_ttft_ms: milliseconds.nullish(),
  mock_chunk_delay_ms: milliseconds.nullish(),
  mock_chunks: z.coerce.number().int().min(1).max(100_000).nullish(),
  mock_embedding_dims: z.coerce.number().int().min(1).max(16_384).nullish(),
});
export type MockOptions = z.infer<typeof mockOptionsSchema>;

export function mockOptionsOf(target: DeploymentTarget): MockOptions {
  const parsed = mockOptionsSchema.safeParse(target.params);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw misconfiguredDeployment(`Mock deployment misconfigured: ${problems}`);
  }
  return parsed.data;
}
