import { describe, expect, it } from 'vitest';
import { buildDeployments, buildGatewayConfig, ConfigError, storedCredentialOf } from './index.ts';

const azureCredential = {
  credential_name: 'azure-eu',
  credential_values: { api_key: 'os.environ/AZURE_KEY', api_base: 'https://eu.example.test/', api_version: '2024-10-21' },
  credential_info: { custom_llm_provider: 'azure', description: 'EU tenant' },
};
const env = { AZURE_KEY: 'az-secret-1' };

function configWith(modelParams: Record<string, unknown>, credentials: unknown[] = [azureCredential]) {
  return buildGatewayConfig({ model_list: [{ model_name: 'gpt-4o', litellm_params: modelParams }], credential_list: credentials }, env);
}

describe('credential_list and litellm_credential_name', () => {
  it('fills the deployment from the credential it names, env references resolved', () => {
    const [deployment] = configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu' }).deployments;
    expect(deployment).toMatchObject({ provider: 'azure', apiKey: 'az-secret-1', apiBase: 'https://eu.example.test/', params: { api_version: '2024-10-21' } });
  });

  it("keeps the deployment's own values over the credential's, and its id is its own", () => {
    const own = configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu', api_version: '2025-01-01', api_key: 'own-key' });
    expect(own.deployments[0]).toMatchObject({ apiKey: 'own-key', params: { api_version: '2025-01-01' } });
    const a = configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu' }).deployments[0]?.id;
    const b = buildGatewayConfig({ model_list: [{ model_name: 'gpt-4o', litellm_params: { model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu' } }], credential_list: [{ ...azureCredential, credential_values: { api_key: 'x', api_base: 'https://other.example.test/' } }] }, env).deployments[0]?.id;
    expect(a).toBe(b);
  });

  it('refuses a deployment that would send the credential somewhere else, or to another provider', () => {
    expect(() => configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu', api_base: 'https://attacker.example.test/' })).toThrow(/api_base must be left to credential "azure-eu"/);
    expect(() => configWith({ model: 'openai/gpt-4o', litellm_credential_name: 'azure-eu' })).toThrow(/is for azure, not openai/);
    // Repeating the credential's own destination is no change.
    expect(configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu', api_base: 'https://eu.example.test/' }).deployments[0]?.apiKey).toBe('az-secret-1');
  });

  it('a credential without a destination leaves none to set: the deployment may not add one', () => {
    const keyOnly = { credential_name: 'openai-prod', credential_values: { api_key: 'sk-1' } };
    expect(() => configWith({ model: 'openai/gpt-4o', litellm_credential_name: 'openai-prod', api_base: 'https://attacker.example.test/v1' }, [keyOnly])).toThrow(ConfigError);
    expect(configWith({ model: 'openai/gpt-4o', litellm_credential_name: 'openai-prod' }, [keyOnly]).deployments[0]?.apiKey).toBe('sk-1');
  });

  it('warns of a credential the file does not have (it may be the database\'s) and builds it again with the database\'s', () => {
    const config = configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'from-db' });
    expect(config.deployments[0]?.apiKey).toBeUndefined();
    expect(config.warnings.join('\n')).toContain('credential "from-db" does not exist');
    const fromDb = storedCredentialOf({ credential_name: 'from-db', credential_values: { api_key: 'db-secret', api_base: 'https://db.example.test/' } });
    const rebuilt = buildDeployments(config.deploymentSource!, new Map([['from-db', fromDb]]));
    expect(rebuilt.problems).toEqual([]);
    expect(rebuilt.deployments[0]).toMatchObject({ apiKey: 'db-secret', apiBase: 'https://db.example.test/', id: config.deployments[0]?.id });
  });

  it("a name in the file is the file's: the database's credential of the same name is not used", () => {
    const config = configWith({ model: 'azure/gpt-4o', litellm_credential_name: 'azure-eu' });
    const shadow = storedCredentialOf({ credential_name: 'azure-eu', credential_values: { api_key: 'other', api_base: 'https://eu.example.test/' } });
    expect(buildDeployments(config.deploymentSource!, new Map([['azure-eu', shadow]])).deployments[0]?.apiKey).toBe('az-secret-1');
  });

  it('refuses credential values that are not credentials, bad URLs and duplicate names', () => {
    expect(() => configWith({ model: 'azure/gpt-4o' }, [{ credential_name: 'c', credential_values: { rpm: '10' } }])).toThrow(/credential_list\[0\]\.credential_values\.rpm: not a credential field/);
    expect(() => configWith({ model: 'azure/gpt-4o' }, [{ credential_name: 'c', credential_values: { api_base: 'not a url' } }])).toThrow(/must be a URL/);
    expect(() => configWith({ model: 'azure/gpt-4o' }, [azureCredential, azureCredential])).toThrow(/two credentials are named azure-eu/);
    expect(() => configWith({ model: 'azure/gpt-4o' }, [{ credential_name: '', credential_values: {} }])).toThrow(/credential_name must not be empty/);
  });

  it('an explicit null credential name is no credential', () => {
    const config = configWith({ model: 'openai/gpt-4o', litellm_credential_name: null, api_key: 'own' });
    expect(config.deployments[0]?.apiKey).toBe('own');
    expect(config.warnings).toEqual([]);
  });
});
