import { credentialMismatch, credentialNameOf, type StoredCredential } from '@switchboard/config';
import { listCredentials, type CredentialRecord } from '@switchboard/db';
import { HttpError } from '@switchboard/service-kit';
import type { ManagementDeps } from '../deps.ts';
import { publicParams } from '../views/model-views.ts';

export function storedOf(record: CredentialRecord): StoredCredential {
  return { name: record.credentialName, values: record.credentialValues, info: record.credentialInfo };
}

/** LiteLLM's `CredentialItem`, secrets masked (the destination and version stay readable, as a model's do). */
export function credentialView(credential: StoredCredential) {
  return { credential_name: credential.name, credential_values: publicParams(credential.values), credential_info: credential.info };
}

/** The config file's credentials and the database's; a name is one or the other (the API refuses the file's names). */
export async function allCredentials(deps: ManagementDeps): Promise<Map<string, { credential: StoredCredential; inFile: boolean }>> {
  const all = new Map<string, { credential: StoredCredential; inFile: boolean }>();
  for (const credential of deps.configCredentials ?? []) all.set(credential.name, { credential, inFile: true });
  if (deps.cipher.canEncrypt) for (const record of await listCredentials(deps.reader ?? deps.db, deps.cipher)) if (!all.has(record.credentialName)) all.set(record.credentialName, { credential: storedOf(record), inFile: false });
  return all;
}

/**
 * A deployment stored through the API may name a credential only if it exists and the deployment leaves it its
 * destination and provider (stored-credentials.ts in the config lib): the gateway would otherwise load it without
 * the credential, or refuse it. 400 names the field.
 */
export async function assertCredentialReference(deps: ManagementDeps, params: Record<string, unknown>): Promise<void> {
  const name = credentialNameOf(params);
  if (name === undefined) return;
  const found = (await allCredentials(deps)).get(name);
  if (!found) throw new HttpError(400, `litellm_params.litellm_credential_name: no credential is named ${name}`, { code: 'credential_not_found', param: 'litellm_params.litellm_credential_name' });
  const problem = credentialMismatch(params, found.credential);
  if (problem) throw new HttpError(400, `litellm_params.litellm_credential_name: ${problem}`, { param: 'litellm_params.litellm_credential_name' });
}
