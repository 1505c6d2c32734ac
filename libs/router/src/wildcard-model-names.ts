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
  const names = servedNames(pattern, star, deployments, modelsOf);
  if (names.size > 0) return [...names];
  // LiteLLM's reading: the provider the pattern itself names (`anthropic/*` → the table's anthropic models), for a
  // wildcard whose deployments list nothing that fits (a mock, a self-hosted endpoint). It is the same expansion
  // with the pattern as its own deployment.
  const slash = pattern.indexOf('/');
  if (slash <= 0 || slash > star) return [];
  return [...servedNames(pattern, star, [{ provider: pattern.slice(0, slash), model: pattern.slice(slash + 1) }], modelsOf)];
}

/** Each table model of a deployment's provider that fits its `model`, put into the pattern's `*`. */
function servedNames(pattern: string, star: number, deployments: readonly WildcardTarget[], modelsOf: (provider: string) => readonly string[]): Set<string> {
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
  return names;
}
