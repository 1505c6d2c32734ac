import { z } from 'zod';

/** Fields only the gateway knows: they must never reach an upstream, whatever the client sent. */
const GATEWAY_ONLY_FIELDS = ['api_key', 'api_base', 'base_url', 'mock_response', 'mock_latency_ms'] as const;

export interface ExpectedBody {
  model: string;
  /** true: `stream: true` required; false: no `stream: true`. */
  stream?: boolean;
  /** 'required': stream_options.include_usage must be true; 'absent': no stream_options at all. */
  streamUsage?: 'required' | 'absent';
  /** Fields that must not be sent (e.g. parameters the provider rejects). */
  absent?: readonly string[];
}

/** What an OpenAI-style upstream must receive: the upstream model, the stream flags, nothing extra. */
export function expectedBody(expected: ExpectedBody) {
  return z
    .object({
      model: z.literal(expected.model),
      stream: expected.stream ? z.literal(true) : z.literal(false).optional(),
      stream_options:
        expected.streamUsage === 'required'
          ? z.object({ include_usage: z.literal(true) }).passthrough()
          : expected.streamUsage === 'absent'
            ? z.undefined()
            : z.unknown(),
    })
    .passthrough()
    .superRefine((body, ctx) => {
      for (const field of [...GATEWAY_ONLY_FIELDS, ...(expected.absent ?? [])]) {
        if (field in body) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `must not be sent`, path: [field] });
      }
    });
}
