import type { Logger } from 'pino';

type Metadata = Record<string, unknown>;

/** Kept fields the gateway reads from metadata and acts on (a customer's region and default model, guardrails, a team's tags): no warning. */
const ACTED_ON = new Set(['allowed_model_region', 'default_model', 'guardrails', 'disable_global_guardrails', 'tags']);

/**
 * The metadata to store when a request carries LiteLLM fields Switchboard keeps without acting on
 * (schemas/kept-fields.ts): the request's metadata (or, on a change that sends none, the `stored` metadata)
 * with the kept fields on top. Says so in a warning that names them, so an operator who relies on one of
 * them learns it does nothing here yet. Undefined when there is nothing to write.
 */
export function metadataWithKept(logger: Logger, target: string, kept: Metadata, requested: Metadata | undefined, stored?: Metadata): Metadata | undefined {
  const names = Object.keys(kept);
  if (names.length === 0) return requested;
  const idle = names.filter((name) => !ACTED_ON.has(name));
  if (idle.length > 0) logger.warn({ target, fields: idle }, `${target}: accepted and kept in metadata, not acted on yet: ${idle.join(', ')}`);
  return { ...(requested ?? stored ?? {}), ...kept };
}
