/** A deployment as far as listing needs it: its provider and its upstream model (`*` where the request goes). */
interface WildcardTarget {
  provider: string;
  model: string;
}

/**
 * The model names a wildcard serves, as clients send them: each model of the deployment's provider in the
 * price table (`modelsOf`) that fits the deployment's `model`, put into the pattern's `*`
 * (`anthropic/*` → `anthropic/claude-3-5-haiku-latest`; `"*"` → `claude-3-5-haiku-latest`), as LiteLLM's
 * `/v1/models` does. A pattern with several `*` lists nothing: its names cannot be told from a model id. When the
 * deployments' provider has nothing that fits, the pattern's own provider prefix is read as LiteLLM reads it.
 */
export function wildcardModelNames(pattern: string, deployments: readonly WildcardTarget[], modelsOf: (provider: string) => readonly string[]): string[] {
  const star = pattern.indexOf('*');
  if (star === -1 || pattern.indexOf('*', star + 1) !== -1) return [];
  const names = new Set<string>();
  for (const deployment of deployments) {
    const parts = deployment.model.split('*');
    if (parts.length !== 2) continue;
    const [prefix, suffix] = parts as [string, string];
    for (const model of modelsOf(deployment.provider)) {
      if (model.length < prefix.length + suffix.length || !model.startsWith(prefix) || !model.endsWith(suffix)) continue;
      names.add(`${pattern.slice(0, star)}${model.slice(prefix.length, model.length - suffix.length)}${pattern.slice(star + 1)}`);
    }
  }
  if (names.size === 0) for (const name of publicProviderNames(pattern, star, modelsOf)) names.add(name);
  return [...names];
}

/**
 * LiteLLM's reading of a wildcard: the provider named by the pattern itself (`anthropic/*` → the price table's
 * anthropic models, whatever the deployments call). Used when the deployments' own provider lists nothing that
 * fits (a mock, a self-hosted endpoint), so the wildcard still lists the names a client would send.
 */
function publicProviderNames(pattern: string, star: number, modelsOf: (provider: string) => readonly string[]): string[] {
  const slash = pattern.indexOf('/');
  if (slash <= 0 || slash > star) return [];
  const provider = pattern.slice(0, slash);
  const prefix = pattern.slice(slash + 1, star);
  const suffix = pattern.slice(star + 1);
  return modelsOf(provider)
    .filter((model) => model.length >= prefix.length + suffix.length && model.startsWith(prefix) && model.endsWith(suffix))
    .map((model) => `${provider}/${model}`);
}
