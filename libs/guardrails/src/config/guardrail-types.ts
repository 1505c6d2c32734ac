/** The guardrail types Switchboard runs (`litellm_params.guardrail`). */
export const GUARDRAIL_TYPES = ['switchboard_pii', 'keywords', 'prompt_injection', 'openai_moderation', 'generic_guardrail_api', 'presidio'] as const;

export type GuardrailType = (typeof GUARDRAIL_TYPES)[number];

export function isGuardrailType(value: string): value is GuardrailType {
  return (GUARDRAIL_TYPES as readonly string[]).includes(value);
}

/**
 * LiteLLM's guardrail types (its `SupportedGuardrailIntegrations`) that Switchboard does not implement: a
 * config naming one is refused with the list of supported types instead of being ignored.
 */
export const LITELLM_TYPES_NOT_IMPLEMENTED: ReadonlySet<string> = new Set([
  'aporia', 'bedrock', 'dynamoai', 'guardrails_ai', 'lakera', 'lakera_v2', 'hide-secrets', 'hiddenlayer', 'aim',
  'cato_networks', 'pangea', 'crowdstrike_aidr', 'lasso', 'pillar', 'grayswan', 'panw_prisma_airs', 'cisco_ai_defense',
  'azure/prompt_shield', 'azure/text_moderations', 'model_armor', 'noma', 'noma_v2', 'tool_permission', 'zscaler_ai_guard',
  'javelin', 'enkryptai', 'ibm_guardrails', 'litellm_content_filter', 'mcp_security', 'onyx', 'promptguard', 'xecguard',
  'prompt_security', 'qualifire', 'ovalix', 'microsoft_purview', 'semantic_guard', 'mcp_end_user_permission',
  'block_code_execution', 'akto', 'mcp_jwt_signer', 'llm_as_a_judge', 'qostodian_nexus', 'rubrik', 'vigil_guard',
  'repelloai', 'headroom',
]);

/**
 * Types that run code from the config. LiteLLM's `custom_code` guardrail was a remote code execution hole;
 * Switchboard runs no configured code of any kind.
 */
export const CODE_GUARDRAIL_TYPES: ReadonlySet<string> = new Set(['custom_code', 'custom_guardrail']);
