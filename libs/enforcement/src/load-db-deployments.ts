import { buildGatewayConfig, resolveEnvReferences, type CredentialSet, type Deployment, type StoredCredential } from '@switchboard/config';
import { listCredentials, listModels, type CredentialCipher, type Database } from '@switchboard/db';

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Credentials stored through `/credentials`, decrypted, their `os.environ/` references resolved as the config
 * file's are. None without a salt key: nothing can have been stored then.
 */
export async function loadDbCredentials(db: Database, cipher: CredentialCipher, env: Env): Promise<CredentialSet> {
  if (!cipher.canEncrypt) return new Map();
  const rows = await listCredentials(db, cipher);
  return new Map(
    rows.map((row): [string, StoredCredential] => [row.credentialName, { name: row.credentialName, values: resolveEnvReferences(row.credentialValues, env) as Record<string, unknown>, info: row.credentialInfo }]),
  );
}

/**
 * Deployments stored in the database (STORE_MODEL_IN_DB), read through the same config builder as the
 * file, so a DB model behaves exactly like a config model. Credentials come back decrypted; a deployment naming a
 * stored credential gets it from `credentials`. `warnings` say which could not use the one they name.
 */
export async function loadDbDeployments(db: Database, cipher: CredentialCipher, env: Env, credentials: CredentialSet = new Map()): Promise<{ deployments: Deployment[]; warnings: string[] }> {
  const entries = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listModels(db, cipher, { page, pageSize: 100 });
    entries.push(...items.map((row) => ({ model_name: row.modelName, litellm_params: row.params, model_info: { ...row.modelInfo, id: row.id } })));
    if (entries.length >= total || items.length === 0) break;
  }
  const built = buildGatewayConfig({ model_list: entries }, env, undefined, credentials);
  return { deployments: built.deployments.map((deployment) => ({ ...deployment, source: 'db' as const })), warnings: built.warnings };
}
