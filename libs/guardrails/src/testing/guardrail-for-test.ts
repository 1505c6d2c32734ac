import { buildGuardrail, type GuardrailDeps } from '../build-guardrail.ts';
import { parseGuardrailsConfig } from '../config/parse-guardrails-config.ts';
import { PlaceholderVault } from '../engine/placeholder-vault.ts';
import type { CheckContext, GuardedText, Guardrail } from '../guardrail.ts';

/** One guardrail built from its `litellm_params`, as the config would. */
export function guardrailFor(params: Record<string, unknown>, deps: GuardrailDeps = {}, name = 'test-guard'): Guardrail {
  const { specs } = parseGuardrailsConfig([{ guardrail_name: name, litellm_params: { mode: 'pre_call', ...params } }]);
  const [spec] = specs;
  if (!spec) throw new Error('no spec');
  return buildGuardrail(spec, deps);
}

export function checkContext(overrides: Partial<CheckContext> = {}): CheckContext {
  return { phase: 'request', purpose: 'enforce', vault: new PlaceholderVault(), requestId: 'req-1', caller: {}, ...overrides };
}

export const userTexts = (...texts: string[]): GuardedText[] => texts.map((text) => ({ text, role: 'user', part: 'content' }));
