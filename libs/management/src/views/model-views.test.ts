import { describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { configModelView } from './model-views.ts';

describe('configModelView', () => {
  it('shows the config file prices under their reference names and never the resolved key', () => {
    const [deployment] = buildGatewayConfig(
      { model_list: [{ model_name: 'gpt', litellm_params: { model: 'openai/gpt-4o', api_key: 'sk-resolved-secret' }, model_info: { id: 'g1', input_cost_per_token: 0.0000025, output_cost_per_token: 0.00001 } }] },
      {},
    ).deployments;
    const view = configModelView(deployment as NonNullable<typeof deployment>);
    expect(view.model_info).toMatchObject({ id: 'g1', input_cost_per_token: 0.0000025, output_cost_per_token: 0.00001, db_model: false });
    expect(JSON.stringify(view)).not.toContain('sk-resolved-secret');
    expect(view.litellm_params.api_key).toBe('********');
  });

  it('shows the audio prices under their reference names too', () => {
    const info = { id: 'w1', input_cost_per_character: 0.000015, input_cost_per_second: 0.0001, output_cost_per_second: 0.0001, minimum_billable_duration_seconds: 10 };
    const [deployment] = buildGatewayConfig({ model_list: [{ model_name: 'whisper', litellm_params: { model: 'openai/whisper-1' }, model_info: info }] }, {}).deployments;
    expect(configModelView(deployment as NonNullable<typeof deployment>).model_info).toMatchObject(info);
  });
});
