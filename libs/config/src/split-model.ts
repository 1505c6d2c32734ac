/** The provider a deployment calls: `custom_llm_provider`, else the prefix of `model`, else OpenAI (as LiteLLM). */
export function splitModel(model: string, customProvider: unknown): { provider: string; model: string } {
  if (typeof customProvider === 'string' && customProvider !== '') return { provider: customProvider, model };
  const slash = model.indexOf('/');
  if (slash <= 0) return { provider: 'openai', model };
  return { provider: model.slice(0, slash), model: model.slice(slash + 1) };
}
