import { z } from 'zod';

const flagValues = z.enum(['true', 'false', 'True', 'False', '1', '0']);

/** A true/false setting from the environment: unset or empty is `fallback`; any other spelling stops the start. */
export function envFlag(env: Readonly<Record<string, string | undefined>>, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const parsed = flagValues.safeParse(raw);
  if (!parsed.success) throw new Error(`${name} must be true or false`);
  return parsed.data === 'true' || parsed.data === 'True' || parsed.data === '1';
}
