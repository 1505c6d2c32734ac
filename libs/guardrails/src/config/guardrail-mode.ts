export const GUARDRAIL_MODES = ['pre_call', 'during_call', 'post_call', 'logging_only'] as const;

/**
 * When a guardrail runs: on the request before the upstream call, in parallel with it (the answer is held
 * until it passes), on the answer, or on what is logged only.
 */
export type GuardrailMode = (typeof GUARDRAIL_MODES)[number];

/** Modes LiteLLM has that Switchboard does not run (MCP tool calls, realtime transcripts). */
export const LITELLM_ONLY_MODES: ReadonlySet<string> = new Set(['pre_mcp_call', 'during_mcp_call', 'post_mcp_call', 'realtime_input_transcription']);

export function isGuardrailMode(value: string): value is GuardrailMode {
  return (GUARDRAIL_MODES as readonly string[]).includes(value);
}
