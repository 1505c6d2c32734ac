/**
 * Our provider ids (the `provider/` of a model string) → the GenAI conventions' `gen_ai.provider.name`
 * well-known values. Providers the conventions do not list keep our id, as the conventions allow.
 */
const WELL_KNOWN: Readonly<Record<string, string>> = {
  openai: 'openai',
  anthropic: 'anthropic',
  azure: 'azure.ai.openai',
  azure_ai: 'azure.ai.inference',
  bedrock: 'aws.bedrock',
  vertex_ai: 'gcp.vertex_ai',
  gemini: 'gcp.gemini',
  cohere: 'cohere',
  deepseek: 'deepseek',
  groq: 'groq',
  mistral: 'mistral_ai',
  perplexity: 'perplexity',
  xai: 'x_ai',
  watsonx: 'ibm.watsonx.ai',
};

export function genAiProviderName(provider: string): string {
  return WELL_KNOWN[provider] ?? provider;
}
