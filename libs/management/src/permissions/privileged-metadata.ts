import { isDeepStrictEqual } from 'node:util';
import { forbidden } from './authorize.ts';

type Metadata = Record<string, unknown>;

/**
 * Metadata keys that LiteLLM (and our later features) read as settings with power behind them: which
 * callbacks run, which guardrails run, per-model limits, extra permissions, access to more models, tools or
 * routes, a bigger budget. A non-admin may not write them, except the protections (`guardrails`,
 * `policies`), which they may only add to; on a change, the values an admin set are kept. LiteLLM's request
 * fields that Switchboard keeps without acting on yet (schemas/kept-fields.ts) land here under their own
 * names, so they are bounded the same way.
 */
export const PRIVILEGED_METADATA_KEYS = [
  'guardrails',
  'policies',
  'disable_global_guardrails',
  // `logging` and `callback_settings` are not here: a non-admin may set them within the destination
  // allow-list (logging-metadata.ts). The bare callback lists below stay an admin's.
  'callbacks',
  'success_callback',
  'failure_callback',
  'permissions',
  'allowed_cache_controls',
  'allowed_passthrough_routes',
  'model_rpm_limit',
  'model_tpm_limit',
  'rpm_limit_type',
  'tpm_limit_type',
  'config',
  'object_permission',
  'router_settings',
  'access_group_ids',
  'allowed_vector_store_indexes',
  'key_type',
  'agent_id',
  'project_id',
  'temp_budget_increase',
  'temp_budget_expiry',
  // Written by /key/regenerate: tie a key in its grace period to its successor's counters and budget.
  'rotated_to',
  'rotated_from',
  // A team's models as a proxy admin last set them: what its team admins may add back (team-model-rules.ts).
  'admin_models',
  // Lets the key's (or team's) calls ask for a mock answer instead of the model's (LiteLLM's admin opt-in).
  'allow_client_mock_response',
] as const;

/** Protections: a non-admin may add entries, never drop one. */
const ADD_ONLY_KEYS: ReadonlySet<string> = new Set(['guardrails', 'policies']);

const asList = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);

/**
 * The metadata a non-admin's key may carry: the request's, with the privileged keys of `kept` (the key's
 * current metadata on a change; on a new key, the metadata of the key the caller calls with, so guardrails
 * are inherited) carried over. Refuses a privileged key the caller tries to set or change.
 */
export function boundPrivilegedMetadata(requested: Metadata | undefined, kept: Metadata | undefined, { isNew }: { isNew: boolean }): Metadata | undefined {
  if (requested === undefined && (isNew ? [...ADD_ONLY_KEYS].every((name) => kept?.[name] === undefined) : true)) return requested;
  const result: Metadata = { ...(requested ?? {}) };
  for (const name of PRIVILEGED_METADATA_KEYS) {
    const mine = kept?.[name];
    const asked = requested?.[name];
    if (ADD_ONLY_KEYS.has(name)) {
      const missing = asList(mine).filter((entry) => !asList(asked).some((other) => isDeepStrictEqual(other, entry)));
      if (asked !== undefined && missing.length > 0) throw forbidden(`metadata.${name} may only add ${name}, not drop ${missing.map(String).join(', ')}`);
      if (asked === undefined && mine !== undefined) result[name] = mine;
      continue;
    }
    if (isNew) {
      if (asked !== undefined) throw forbidden(`Only admins may set metadata.${name}`);
      continue;
    }
    if (asked !== undefined && !isDeepStrictEqual(asked, mine)) throw forbidden(`Only admins may change metadata.${name}`);
    if (mine !== undefined) result[name] = mine;
    else delete result[name];
  }
  return result;
}
