import { describe, expect, it } from 'vitest';
import { buildGatewayConfig } from './index.ts';

const entry = (model_name: string, model: string, model_info?: Record<string, unknown>, params: Record<string, unknown> = {}) => ({ model_name, litellm_params: { model, ...params }, ...(model_info ? { model_info } : {}) });

describe('wildcard deployments', () => {
  it('loads provider wildcards under "*" and under provider/*', () => {
    const config = buildGatewayConfig({ model_list: [entry('*', 'openai/*'), entry('anthropic/*', 'anthropic/*'), entry('groq/*', 'groq/*'), entry('bedrock/*', 'bedrock/*')] }, {});
    expect(config.warnings).toEqual([]);
    expect(config.deployments.map((d) => [d.modelGroup, d.provider, d.model])).toEqual([
      ['*', 'openai', '*'],
      ['anthropic/*', 'anthropic', '*'],
      ['groq/*', 'groq', '*'],
      ['bedrock/*', 'bedrock', '*'],
    ]);
  });

  it('refuses a wildcard on a provider the gateway cannot call, naming it', () => {
    expect(() => buildGatewayConfig({ model_list: [entry('*', 'nosuchprovider/*')] }, {})).toThrow('wildcard "*" names unknown provider "nosuchprovider"');
    expect(() => buildGatewayConfig({ model_list: [entry('acme/*', 'acme/*')] }, {})).toThrow('unknown provider "acme"');
  });

  it('refuses a "*" in model that model_name gives no value to', () => {
    expect(() => buildGatewayConfig({ model_list: [entry('all-openai', 'openai/*')] }, {})).toThrow('its model_name has none');
  });
});

describe('model access groups', () => {
  it('keeps access_groups on the deployment (deduplicated) and in model_info', () => {
    const config = buildGatewayConfig({ model_list: [entry('gpt-4o', 'openai/gpt-4o', { access_groups: ['beta-models', 'beta-models', 'all'] }), entry('o1', 'openai/o1')] }, {});
    expect(config.warnings).toEqual([]);
    expect(config.deployments[0]?.accessGroups).toEqual(['beta-models', 'all']);
    expect(config.deployments[0]?.modelInfo.access_groups).toEqual(['beta-models', 'beta-models', 'all']);
    expect(config.deployments[1]?.accessGroups).toEqual([]);
  });

  it.each([
    [{ access_groups: 'beta' }, 'model_list[0].model_info.access_groups: must be a list of access group names'],
    [{ access_groups: [''] }, 'model_list[0].model_info.access_groups[0]: an access group name must not be empty'],
  ])('refuses access_groups %j', (info, message) => {
    expect(() => buildGatewayConfig({ model_list: [entry('gpt-4o', 'openai/gpt-4o', info)] }, {})).toThrow(message);
  });

  it('refuses an access group named like a model group: a models list could not tell them apart', () => {
    expect(() => buildGatewayConfig({ model_list: [entry('gpt-4o', 'openai/gpt-4o', { access_groups: ['o1'] }), entry('o1', 'openai/o1')] }, {})).toThrow('access group "o1" (model_info.access_groups of gpt-4o) is also a model_name');
  });
});

describe('per-deployment retries, timeouts and image prices', () => {
  it('reads num_retries, max_retries, timeout, stream_timeout and output_cost_per_image', () => {
    const config = buildGatewayConfig(
      {
        model_list: [
          entry('a', 'openai/a', { output_cost_per_image: 0.04 }, { num_retries: 0, max_retries: 5, timeout: 3, stream_timeout: '1.5' }),
          entry('b', 'openai/b', undefined, { max_retries: 4, output_cost_per_image: 0.02 }),
          entry('c', 'openai/c'),
        ],
      },
      {},
    );
    expect(config.warnings).toEqual([]);
    const [a, b, c] = config.deployments;
    expect(a).toMatchObject({ numRetries: 0, maxRetries: 5, timeoutMs: 3_000, streamTimeoutMs: 1_500, prices: { outputPerImage: 0.04 } });
    expect(b).toMatchObject({ numRetries: 4, prices: { outputPerImage: 0.02 } });
    expect(c?.numRetries).toBeUndefined();
    expect(() => buildGatewayConfig({ model_list: [entry('a', 'openai/a', undefined, { num_retries: -1 })] }, {})).toThrow('model_list[0].litellm_params.num_retries');
  });
});
