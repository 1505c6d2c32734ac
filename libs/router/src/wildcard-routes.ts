import type { Deployment } from '@switchboard/config';

/** Whether a provider's price table knows a model (which provider a bare name under `"*"` belongs to). */
export type KnowsModel = (provider: string, model: string) => boolean;

interface Pattern {
  name: string;
  regex: RegExp;
  deployments: Deployment[];
}

/**
 * A model name a wildcard may forward: the characters provider model ids use (`claude-3-5-haiku-20241022`,
 * `anthropic.claude-3-haiku-20240307-v1:0`, `accounts/fireworks/models/x`, `gemini-1.5-pro@001`), bounded,
 * with no empty or dot-dot path segment, since several adapters put the model in the upstream URL's path.
 */
const SAFE_MODEL = /^[A-Za-z0-9][A-Za-z0-9._:@+\/-]{0,199}$/;
const isSafeModel = (model: string) => SAFE_MODEL.test(model) && !model.split('/').some((part) => part === '' || part === '..' || part === '.');

function toRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\/]/g, '\\$&')).join('(.*)')}$`);
}

/** The upstream model: each `*` of the deployment's model takes the next matched part, or the request's name. */
function upstreamModel(deployment: Deployment, parts: string[], requested: string): string {
  const stars = deployment.model.split('*').length - 1;
  if (stars === 0) return deployment.model;
  let model = parts.length > stars ? requested : parts.reduce((name, part) => name.replace('*', part), deployment.model);
  // `anthropic/claude-3-5-haiku` under `model_name: "*"` with `model: anthropic/*`: the prefix names the provider.
  if (deployment.model === '*' && model.startsWith(`${deployment.provider}/`)) model = model.slice(deployment.provider.length + 1);
  return model;
}

/**
 * LiteLLM's wildcard routing: deployments whose `model_name` has a `*` serve every model name it matches,
 * the most specific pattern first (longest, then most wildcards); the upstream model comes from the request.
 * Under a pattern whose deployments call several providers (`"*"` with `openai/*` and `anthropic/*`), a
 * `provider/` prefix in the request picks that provider, else the providers whose price table knows the model;
 * LiteLLM would shuffle between them all.
 */
export class WildcardRoutes {
  private readonly patterns: Pattern[];

  constructor(deployments: readonly Deployment[], private readonly knowsModel?: KnowsModel) {
    const byName = new Map<string, Deployment[]>();
    for (const deployment of deployments) byName.set(deployment.modelGroup, [...(byName.get(deployment.modelGroup) ?? []), deployment]);
    const specificity = (name: string) => [name.length, name.split('*').length] as const;
    this.patterns = [...byName]
      .map(([name, list]) => ({ name, regex: toRegex(name), deployments: list }))
      .sort((a, b) => {
        const [lengthA, starsA] = specificity(a.name);
        const [lengthB, starsB] = specificity(b.name);
        return lengthB - lengthA || starsB - starsA;
      });
  }

  get size(): number {
    return this.patterns.length;
  }

  /** The pattern names (`*`, `anthropic/*`), most specific first. */
  names(): string[] {
    return this.patterns.map((pattern) => pattern.name);
  }

  deploymentsOf(name: string): readonly Deployment[] {
    return this.patterns.find((pattern) => pattern.name === name)?.deployments ?? [];
  }

  /** The deployments serving a requested model, each with its upstream model filled in; undefined when none. */
  match(requested: string): Deployment[] | undefined {
    if (this.patterns.length === 0 || !isSafeModel(requested)) return undefined;
    for (const pattern of this.patterns) {
      const found = pattern.regex.exec(requested);
      if (!found) continue;
      const parts = found.slice(1);
      const served = pattern.deployments.map((deployment) => ({ ...deployment, model: upstreamModel(deployment, parts, requested) }));
      return this.narrow(served, requested);
    }
    return undefined;
  }

  private narrow(served: Deployment[], requested: string): Deployment[] {
    const providers = new Set(served.map((deployment) => deployment.provider));
    if (providers.size < 2) return served;
    const slash = requested.indexOf('/');
    const named = slash > 0 ? requested.slice(0, slash) : undefined;
    if (named !== undefined && providers.has(named)) return served.filter((deployment) => deployment.provider === named);
    const known = this.knowsModel ? served.filter((deployment) => this.knowsModel?.(deployment.provider, deployment.model)) : [];
    return known.length > 0 ? known : served;
  }
}
