/** Where the settings parsers put what they found: warnings start the gateway anyway, errors stop it. */
export interface SettingsReport {
  warnings: string[];
  errors: string[];
}

export type Env = Readonly<Record<string, string | undefined>>;

/** An env var's trimmed value, undefined when unset or blank. */
export function envValue(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

/** A `http:`/`https:` URL without credentials in it, or undefined. */
export function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username !== '' || url.password !== '') return undefined;
    return url;
  } catch {
    return undefined;
  }
}
