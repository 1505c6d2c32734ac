import type { OwnerLoggingMetadata } from '@switchboard/contracts';
import { openCallbackSecrets, type CredentialCipher } from '@switchboard/db';
import { hasLoggingMetadata, LOGGING_METADATA_KEYS, loggingSetByAdmin } from '@switchboard/permissions';

/**
 * A key's or team's logging callbacks as the gateway's logger reads them: only the logging fields (a cached
 * key context holds no more of the metadata than it needs), secrets decrypted, and whether an admin wrote
 * them. Undefined when the metadata has none. Secrets that cannot be decrypted (no or another salt key) stay
 * sealed and `problem` says so: the sink then lacks its key and the logger warns; the request is unaffected.
 */
export function loggingOwnerOf(metadata: Readonly<Record<string, unknown>> | undefined, name: string, cipher: CredentialCipher): OwnerLoggingMetadata | undefined {
  if (!metadata || !hasLoggingMetadata(metadata)) return undefined;
  const picked: Record<string, unknown> = {};
  // `null` is "no value" (README): an unset field is left out, not handed to the parser as a bad list.
  for (const field of LOGGING_METADATA_KEYS) if (metadata[field] !== undefined && metadata[field] !== null) picked[field] = metadata[field];
  const setByAdmin = loggingSetByAdmin(metadata);
  try {
    return { name, metadata: openCallbackSecrets(picked, cipher), setByAdmin };
  } catch (error) {
    return { name, metadata: picked, setByAdmin, problem: error instanceof Error ? error.message : String(error) };
  }
}
