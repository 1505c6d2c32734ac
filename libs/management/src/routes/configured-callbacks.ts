/** A callback as LiteLLM's `/get/config/callbacks` lists it; its variables (credentials) are never shown here. */
export interface ConfiguredCallback {
  name: string;
  variables: Record<string, never>;
  type: 'success' | 'failure' | 'success_and_failure';
}

const LISTS = [
  ['success_callback', 'success'],
  ['failure_callback', 'failure'],
  ['callbacks', 'success_and_failure'],
] as const;

/** The logging callbacks the config file's `litellm_settings` names, with the outcomes each receives. */
export function configuredCallbacks(litellmSettings: Record<string, unknown>): ConfiguredCallback[] {
  const found: ConfiguredCallback[] = [];
  for (const [list, type] of LISTS) {
    const names = litellmSettings[list];
    for (const name of Array.isArray(names) ? names : []) if (typeof name === 'string') found.push({ name, variables: {}, type });
  }
  return found;
}
