import type { Deployment } from '@switchboard/config';

/** The tag a deployment carries to serve requests that match no other deployment's tags (LiteLLM's `default`). */
const DEFAULT_TAG = 'default';

const tagged = (deployment: Deployment, tag: string) => deployment.tags?.includes(tag) === true;

/**
 * LiteLLM's tag routing (`router_settings.enable_tag_filtering`), within one group's candidates. A request with
 * tags goes to the deployments tagged with any of them, else to those tagged `default`; when neither exists
 * the group cannot serve it (`undefined`: the caller refuses with a 400 naming the tags). A request without
 * tags goes to the `default` deployments when there are any, else to all. Tags choose among deployments the
 * key may already call; they grant no access.
 */
export function withinTags<C extends { deployment: Deployment }>(candidates: C[], tags: readonly string[] | undefined): C[] | undefined {
  if (tags && tags.length > 0) {
    const matching = candidates.filter((c) => tags.some((tag) => tagged(c.deployment, tag)));
    if (matching.length > 0) return matching;
    const defaults = candidates.filter((c) => tagged(c.deployment, DEFAULT_TAG));
    return defaults.length > 0 ? defaults : undefined;
  }
  const defaults = candidates.filter((c) => tagged(c.deployment, DEFAULT_TAG));
  return defaults.length > 0 ? defaults : candidates;
}
