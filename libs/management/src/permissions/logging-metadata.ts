import { isDeepStrictEqual } from 'node:util';
import { hasPlainCallbackSecrets, mapCallbackVars, maskCallbackSecrets, sealCallbackSecrets, type CredentialCipher } from '@switchboard/db';
import { hasLoggingMetadata, LOGGING_METADATA_KEYS, LOGGING_SET_BY_ADMIN, loggingSetByAdmin, scopeOf } from '@switchboard/permissions';
import { HttpError } from '@switchboard/service-kit';
import { createDestinationAllowList, parseOwnerLogging, type DestinationAllowList } from '@switchboard/telemetry';
import type { Caller } from '../auth/caller.ts';
import type { ManagementDeps } from '../deps.ts';
import { keepMaskedCallbackSecrets } from '../routes/callback-secrets-stay-home.ts';
import { forbidden } from './authorize.ts';

type Metadata = Record<string, unknown>;

export interface LoggingWrite {
  /** The caller is a proxy admin: any destination, and the gateway will trust it (`logging_set_by_admin`). */
  admin: boolean;
  /** Whose metadata it is, for messages: `key` or `team`. */
  owner: 'key' | 'team';
  /** `general_settings.logging_destination_allowlist`: where a non-admin may send calls. */
  allowList: DestinationAllowList;
  cipher: CredentialCipher;
}

const ENV_REFERENCE = 'os.environ/';
const NOWHERE = createDestinationAllowList([]);

/** `general_settings.logging_destination_allowlist`, or none (no destination allowed to a non-admin's settings). */
export const loggingDestinationsOf = (deps: Pick<ManagementDeps, 'loggingDestinations'>): DestinationAllowList => deps.loggingDestinations ?? NOWHERE;

/** The caller's standing for a write of key or team logging settings: the matrix's `logging:any_destination`. */
export function loggingWriteOf(deps: Pick<ManagementDeps, 'cipher' | 'loggingDestinations'>, caller: Caller, owner: LoggingWrite['owner']): LoggingWrite {
  return { admin: scopeOf(caller.role, 'logging:any_destination') === 'all', owner, allowList: loggingDestinationsOf(deps), cipher: deps.cipher };
}
const invalid = (message: string, param: string) => new HttpError(400, message, { code: 'invalid_logging_settings', param });

function loggingFieldsOf(metadata: Metadata | undefined): Metadata {
  const picked: Metadata = {};
  for (const field of LOGGING_METADATA_KEYS) if (metadata?.[field] !== undefined) picked[field] = metadata[field];
  return picked;
}

/** What every caller, admins included, is refused: environment references would read the gateway's own secrets. */
function refuseForEveryone(requested: Metadata): void {
  mapCallbackVars(requested, (vars, where) => {
    for (const [name, value] of Object.entries(vars)) {
      if (typeof value === 'string' && value.startsWith(ENV_REFERENCE)) throw invalid(`${where}.${name}: os.environ/ references are not allowed in key or team metadata (they would read the gateway's environment)`, `${where}.${name}`);
    }
    return vars;
  });
}

/** Parses the settings as the gateway will (secrets stand in as set): what it would leave out is refused now. */
function refuseWhatTheGatewayWouldDrop(logging: Metadata, write: LoggingWrite): void {
  const parsed = parseOwnerLogging(maskCallbackSecrets(logging, 'set'), { owner: write.owner, setByAdmin: write.admin, allowList: write.allowList });
  const param = logging.logging !== undefined ? 'metadata.logging' : 'metadata.callback_settings';
  if (parsed.problems.length > 0) throw invalid(parsed.problems.join('; '), param);
  if (parsed.disablesLogging && !write.admin) throw forbidden('Only admins may turn logging off with metadata.callback_settings');
}

/**
 * The logging fields of a key's or team's metadata (`logging`, `callback_settings`) as they may be stored
 * for this caller. Admins set any destination; a non-admin (a key's owner) only destinations on the
 * allow-list, and never changes settings an admin wrote (left out, they are kept). `null` unsets a field.
 * Secrets are encrypted (400 `salt_key_missing` without SWITCHBOARD_SALT_KEY) and a secret sent back
 * masked keeps the stored one while its destination stays. `logging_set_by_admin` is written here only:
 * taken from no request, true when an admin wrote the logging fields (or kept ones an admin wrote).
 */
export function boundLoggingMetadata(requested: Metadata | undefined, stored: Metadata | undefined, write: LoggingWrite): Metadata | undefined {
  if (requested === undefined) return undefined;
  const { [LOGGING_SET_BY_ADMIN]: _notTakenFromRequests, ...asked } = requested;
  for (const field of LOGGING_METADATA_KEYS) if (asked[field] === null) delete asked[field];
  refuseForEveryone(asked);
  const next = keepMaskedCallbackSecrets(asked, stored);
  const before = loggingFieldsOf(stored);
  const after = loggingFieldsOf(next);
  const changed = !isDeepStrictEqual(before, after);
  const adminWroteBefore = loggingSetByAdmin(stored) && hasLoggingMetadata(stored);

  if (!write.admin && adminWroteBefore) {
    // Left out, an admin's settings stay; sent (null included, which unsets), they must be unchanged.
    if (!LOGGING_METADATA_KEYS.some((field) => field in requested)) return { ...next, ...before, [LOGGING_SET_BY_ADMIN]: true };
    const field = LOGGING_METADATA_KEYS.find((name) => !isDeepStrictEqual(before[name], after[name]));
    if (field) throw forbidden(`Only admins may change metadata.${field}: an admin set it`);
    return { ...next, [LOGGING_SET_BY_ADMIN]: true };
  }
  if (!hasLoggingMetadata(next)) return next;
  if (changed) refuseWhatTheGatewayWouldDrop(after, write);
  let result: Metadata = next;
  if (hasPlainCallbackSecrets(after)) {
    if (!write.cipher.canEncrypt) throw new HttpError(400, 'Refusing to store logging callback secrets unencrypted: set SWITCHBOARD_SALT_KEY on the backend', { code: 'salt_key_missing' });
    result = sealCallbackSecrets(next, write.cipher);
  }
  // An admin re-saving a key owner's settings unchanged does not vouch for them.
  return write.admin && (changed || adminWroteBefore) ? { ...result, [LOGGING_SET_BY_ADMIN]: true } : result;
}
