import { buildGatewayConfig, type Deployment } from '@switchboard/config';
import { listModels, type CredentialCipher, type Database } from '@switchboard/db';

/**
 * Deployments stored in the database (STORE_MODEL_IN_DB), read through the same config builder as the
 * file, so a DB model behaves exactly like a config model. Credentials come back decrypted.
 */
export async function loadDbDeployments(db: Database, cipher: CredentialCipher, env: Readonly<Record<string, string | undefined>>): Promise<Deployment[]> {
  const entries = [];
  for (let page = 1; ; page++) {
    const { items, total } = await listModels(db, cipher, { page, pageSize: 100 });
    entries.push(...items.map((row) => ({ model_name: row.modelName, litellm_params: row.params, model_info: { ...row.modelInfo, id: row.id } })));
    if (entries.length >= total || items.length === 0) break;
  }
  return buildGatewayConfig({ model_list: entries }, env).deployments.map((deployment) => ({ ...deployment, source: 'db' as const }));
}
