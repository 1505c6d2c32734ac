import type { OwnerLoggingMetadata } from '@switchboard/contracts';
import { openCallbackSecrets, type CredentialCipher } from '@switchboard/db';
import { hasLoggingMetadata, loggingFieldsOf, loggingSetByAdmin } from '@switchboard/permissions';

/**
 * A key's or team's logging callbacks as the gateway's logger reads them: only the logging fields (a cached
 * key context holds no more of the metadata than it needs), secrets decrypted, and whether an admin wrote
 * them. Undefined when the metadata has none. Secrets that cannot be decrypted (no or another salt key) stay
 * sealed and `problem` says so: the sink then lacks its key and the logger warns; the request is unaffected.
 */
export function loggingOwnerOf(metadata: Readonly<Record<string, unknown>> | undefined, name: string, cipher: CredentialCipher): OwnerLoggingMetadata | undefined {
  if (!metadata || !hasLoggingMetadata(metadata)) return undefined;
  // An explicit null is left out, not handed to the parser as a bad list.
  const picked = loggingFieldsOf(metadata);
  const setByAdmin = loggingSetByAdmin(metadata);
  try {
    return { name, metadata: openCallbackSecrets(picked, cipher), setByAdmin };
  } catch (error) {
    return { name, metadata: picked, setByAdmin, problem: error instanceof Error ? error.message : String(error) };
  }
}
