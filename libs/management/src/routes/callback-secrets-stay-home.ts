import { isDeepStrictEqual } from 'node:util';
import { isCallbackSecretVar, isSealed, mapCallbackVars } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';
import { MASKED } from '../views/model-views.ts';

type Metadata = Readonly<Record<string, unknown>>;
type Vars = Record<string, unknown>;

/** The variables that decide where a callback's secrets are presented: its host, endpoint or bucket. */
const DESTINATION_VARS = ['langfuse_host', 'generic_logger_endpoint', 's3_bucket_name', 's3_endpoint_url', 's3_region_name'] as const;

/**
 * The request's logging metadata with every secret sent back as the masked value it was shown as replaced
 * by the stored (sealed) one. As `/model/update` does for model credentials (credential-destination.ts), only
 * while the callback and its destination stay the same: otherwise someone who cannot read the secret could
 * point it at a host of their own. 400 `credential_required_for_new_destination` names what changed.
 * A stored (encrypted) value sent back as it is (a read-modify-write, a merged change) counts the same: kept
 * only at its own place and while the destination stays; ciphertext is never taken from a request otherwise.
 */
export function keepMaskedCallbackSecrets(requested: Metadata, stored: Metadata | undefined): Record<string, unknown> {
  const storedAt = new Map<string, { vars: Vars; holder: Vars }>();
  if (stored) mapCallbackVars(stored, (vars, where, holder) => (storedAt.set(where, { vars, holder }), vars));
  return mapCallbackVars(requested, (vars, where, holder) => {
    for (const [name, value] of Object.entries(vars)) {
      if (isSealed(value) && !isDeepStrictEqual(storedAt.get(where)?.vars[name], value)) {
        throw new HttpError(400, `${where}.${name}: send the secret itself; stored secrets are encrypted by the server`, { code: 'invalid_logging_settings', param: `${where}.${name}` });
      }
    }
    const masked = Object.keys(vars).filter((name) => (vars[name] === MASKED && isCallbackSecretVar(name)) || isSealed(vars[name]));
    if (masked.length === 0) return vars;
    const before = storedAt.get(where);
    const missing = masked.filter((name) => before?.vars[name] === undefined || before.vars[name] === null);
    if (!before || missing.length > 0) {
      throw new HttpError(400, `${where}.${(missing[0] ?? masked[0]) as string} keeps a stored secret ("${MASKED}") but nothing is stored there: send the secret in full`, {
        code: 'credential_required_for_new_destination',
        param: `${where}.${(missing[0] ?? masked[0]) as string}`,
      });
    }
    const changed = [
      ...(isDeepStrictEqual(before.holder.callback_name, holder.callback_name) ? [] : [where.replace(/\.callback_vars$/, '.callback_name')]),
      ...DESTINATION_VARS.filter((name) => !isDeepStrictEqual(before.vars[name], vars[name])).map((name) => `${where}.${name}`),
    ];
    if (changed.length > 0) {
      const list = masked.map((name) => `${where}.${name}`).join(', ');
      throw new HttpError(400, `${changed.join(', ')} changed where the callback sends its secrets, so the stored ones are not kept: send ${list} again in full (the masked value "${MASKED}" only keeps a secret while the destination stays the same)`, {
        code: 'credential_required_for_new_destination',
        param: `${where}.${masked[0] as string}`,
      });
    }
    return Object.fromEntries(Object.entries(vars).map(([name, value]) => [name, masked.includes(name) ? before.vars[name] : value]));
  });
}
