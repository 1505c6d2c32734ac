import { GUARDRAIL_MODES, isGuardrailMode, LITELLM_ONLY_MODES, type GuardrailMode } from './guardrail-mode.ts';

/** `mode` as LiteLLM takes it: one mode or a list, any case. Returns the modes, or the problem. */
export function parseGuardrailModes(value: unknown): { modes: Set<GuardrailMode>; asWritten: string | string[] } | string {
  const supported = `supported: ${GUARDRAIL_MODES.join(', ')}`;
  if (value === undefined || value === null) return `required (${supported}, or a list of them)`;
  if (typeof value === 'object' && !Array.isArray(value)) return `tag-based modes are not supported; give a mode or a list of modes (${supported})`;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0) return `must name at least one mode (${supported})`;
  const modes = new Set<GuardrailMode>();
  for (const item of list) {
    if (typeof item !== 'string') return `must be a mode or a list of modes (${supported})`;
    const mode = item.trim().toLowerCase();
    if (LITELLM_ONLY_MODES.has(mode)) return `"${item}" is a LiteLLM mode Switchboard does not run (${supported})`;
    if (!isGuardrailMode(mode)) return `unknown mode "${item}" (${supported})`;
    modes.add(mode);
  }
  return { modes, asWritten: Array.isArray(value) ? (value as string[]) : (value as string) };
}
