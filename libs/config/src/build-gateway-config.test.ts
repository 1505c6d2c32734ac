import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGatewayConfig, ConfigError, configPathFrom, loadGatewayConfig, storedPromptsOverride } from './index.ts';

const referenceConfig = `
model_list:
  - model_name: gpt-4o
    litellm_params:
      model: openai/gpt-4o
      api_key: os.environ/OPENAI_API_KEY
      api_base: https://example.test/v1
      rpm: 600
      tpm: 100000
      timeout: 60
    model_info: { id: gpt4o-east, input_cost_per_token: 0.0000025, output_cost_per_token: 0.00001 }
  - model_name: claude-sonnet
    params:
      model: anthropic/claude-sonnet-4-5
      api_key: os.environ/ANTHROPIC_API_KEY
  - model_name: llama
    litellm_params:
      model: groq/llama-3.3-70b-versatile
      rpm: "30"
router_settings: { routing_strategy: simple-shuffle, num_retries: 2, fallbacks: [{gpt-4o: [claude-sonnet]}], allowed_fails: 3, cooldown_time: 30 }
litellm_settings: { drop_params: true, request_timeout: 600, cache: false }
general_settings: { master_key: os.environ/SWITCHBOARD_MASTER_KEY, store_model_in_db: true, allow_requests_on_db_unavailable: false }
`;
const env = { OPENAI_API_KEY: 'sk-openai-secret', ANTHROPIC_API_KEY: 'sk-ant-secret', SWITCHBOARD_MASTER_KEY: 'sk-master-1234' };

function load(text: string, environment: Readonly<Record<string, string | undefined>> = env) {
  const dir = mkdtempSync(join(tmpdir(), 'sb-config-'));
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return loadGatewayConfig(['--config', file], environment);
}

describe('the reference config.yaml', () => {
  it('loads unchanged', () => {
    const config = load(referenceConfig);
    expect(config.warnings).toEqual([]);
    expect(config.deployments).toHaveLength(3);
    const [gpt, claude, llama] = config.deployments;
    expect(gpt).toMatchObject({ id: 'gpt4o-east', modelGroup: 'gpt-4o', provider: 'openai', model: 'gpt-4o', apiKey: 'sk-openai-secret', apiBase: 'https://example.test/v1', rpm: 600, tpm: 100000, timeoutMs: 60_000 });
    expect(gpt?.prices).toEqual({ inputPerToken: 0.0000025, outputPerToken: 0.00001 });
    expect(claude).toMatchObject({ modelGroup: 'claude-sonnet', provider: 'anthropic', model: 'claude-sonnet-4-5', timeoutMs: 600_000 });
    expect(llama).toMatchObject({ provider: 'groq', model: 'llama-3.3-70b-versatile', rpm: 30 });
    expect(config.router).toMatchObject({ routingStrategy: 'simple-shuffle', numRetries: 2, fallbacks: { 'gpt-4o': ['claude-sonnet'] }, allowedFails: 3, cooldownMs: 30_000 });
    expect(config.settings).toMatchObject({ dropParams: true, masterKey: 'sk-master-1234', storeModelInDb: true, allowRequestsOnDbUnavailable: false });
  });

  it('gives deployments without model_info.id a stable id that ignores secrets', () => {
    const a = load(referenceConfig).deployments[1]?.id;
    const b = load(referenceConfig, { ...env, ANTHROPIC_API_KEY: 'sk-rotated' }).deployments[1]?.id;
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(a).toBe(b);
  });

  it('reads the audio prices under the reference model_info keys', () => {
    const info = { input_cost_per_character: 0.000015, input_cost_per_second: '0.0001', output_cost_per_second: 0.0001, minimum_billable_duration_seconds: 10 };
    const config = buildGatewayConfig({ model_list: [{ model_name: 'tts', litellm_params: { model: 'openai/tts-1' }, model_info: info }] }, {});
    expect(config.warnings).toEqual([]);
    expect(config.deployments[0]?.prices).toEqual({ inputPerCharacter: 0.000015, inputPerSecond: 0.0001, outputPerSecond: 0.0001, minimumBillableSeconds: 10 });
    expect(config.deployments[0]?.modelInfo).toEqual({});
    expect(() => buildGatewayConfig({ model_list: [{ model_name: 'tts', litellm_params: { model: 'openai/tts-1' }, model_info: { input_cost_per_character: -1 } }] }, {})).toThrow('input_cost_per_character');
  });

  it('treats a bare model name as openai', () => {
    const config = buildGatewayConfig({ model_list: [{ model_name: 'x', litellm_params: { model: 'gpt-4o-mini' } }] }, {});
    expect(config.deployments[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
  });
});

describe('bad configs', () => {
  it('names an unset os.environ reference and where it is used', () => {
    expect(() => load(referenceConfig, { ...env, OPENAI_API_KEY: undefined })).toThrow(new ConfigError('model_list[0].litellm_params.api_key: environment variable OPENAI_API_KEY is not set'));
  });

  it('warns about unknown keys instead of dropping them silently', () => {
    const config = buildGatewayConfig(
      { model_list: [{ model_name: 'x', litellm_params: { model: 'openai/x', temprature: 1 }, extra: 1 }], router_settings: { routing_stratgy: 'x' }, surprise: true },
      {},
    );
    expect(config.warnings).toEqual(
      expect.arrayContaining([
        'surprise: unknown setting, ignored',
        'router_settings.routing_stratgy: unknown setting, ignored',
        'model_list[0].extra: unknown setting, ignored',
        'model_list[0].litellm_params.temprature: unknown setting, ignored',
      ]),
    );
  });

  it('warns about fallbacks to groups that do not exist', () => {
    const config = buildGatewayConfig({ model_list: [{ model_name: 'a', litellm_params: { model: 'openai/a' } }], router_settings: { fallbacks: [{ a: ['b'] }] } }, {});
    expect(config.warnings).toContain('router_settings.fallbacks: model group "b" has no deployment');
  });

  it.each([
    [{ model_list: [{ model_name: 'x' }] }, 'model_list[0]: litellm_params (or params) is required'],
    [{ model_list: [{ model_name: 'x', litellm_params: { model: 'openai/x', rpm: 'many' } }] }, 'model_list[0].litellm_params.rpm: must be a number'],
    [{ model_list: [{ model_name: 'x', litellm_params: { model: 'openai/x', api_base: 'not a url' } }] }, 'model_list[0].litellm_params.api_base: Invalid url'],
    [{ router_settings: { routing_strategy: 'random' } }, 'router_settings.routing_strategy'],
    [['a list'], 'the config file must be a YAML mapping'],
    [{ general_settings: { master_key: 'plain' } }, 'master key: it must start with "sk-"'],
  ])('refuses %j', (document, message) => {
    expect(() => buildGatewayConfig(document, {})).toThrow(message);
  });

  it('refuses duplicate deployment ids', () => {
    const entry = { model_name: 'x', litellm_params: { model: 'openai/x' }, model_info: { id: 'same' } };
    expect(() => buildGatewayConfig({ model_list: [entry, entry] }, {})).toThrow('share the id same');
  });

  it('names a missing or malformed file without echoing its contents', () => {
    expect(() => loadGatewayConfig(['--config', '/nonexistent/config.yaml'], {})).toThrow('config file /nonexistent/config.yaml cannot be read: ENOENT');
    expect(() => load('model_list: [unclosed')).toThrow(/is not valid YAML/);
  });
});

describe('configPathFrom', () => {
  it('prefers --config over CONFIG_FILE_PATH', () => {
    expect(configPathFrom(['--config', 'a.yaml'], { CONFIG_FILE_PATH: 'b.yaml' })).toBe('a.yaml');
    expect(configPathFrom(['--config=c.yaml'], {})).toBe('c.yaml');
    expect(configPathFrom([], { CONFIG_FILE_PATH: 'b.yaml' })).toBe('b.yaml');
    expect(configPathFrom([], {})).toBeUndefined();
  });

  it('accepts LITELLM_MASTER_KEY as an alias', () => {
    expect(buildGatewayConfig({}, { LITELLM_MASTER_KEY: 'sk-alias' }).settings.masterKey).toBe('sk-alias');
  });
});

describe('store_prompts_in_spend_logs', () => {
  const models = { model_list: [{ model_name: 'm', litellm_params: { model: 'mock/m' } }] };
  const settings = (general: Record<string, unknown>, env: Record<string, string> = {}) => buildGatewayConfig({ ...models, general_settings: general }, env);

  it('is off unless the config or STORE_PROMPTS_IN_SPEND_LOGS turns it on; the config wins', () => {
    expect(settings({}).settings).toMatchObject({ storePromptsInSpendLogs: false, maxStoredStringLength: 2048 });
    expect(settings({ store_prompts_in_spend_logs: true }).settings.storePromptsInSpendLogs).toBe(true);
    expect(settings({ store_prompts_in_spend_logs: 'True' }).settings.storePromptsInSpendLogs).toBe(true);
    expect(settings({}, { STORE_PROMPTS_IN_SPEND_LOGS: 'true' }).settings.storePromptsInSpendLogs).toBe(true);
    expect(settings({ store_prompts_in_spend_logs: false }, { STORE_PROMPTS_IN_SPEND_LOGS: 'true' }).settings.storePromptsInSpendLogs).toBe(false);
    // An explicit null is unset: the environment's applies.
    expect(settings({ store_prompts_in_spend_logs: null }, { STORE_PROMPTS_IN_SPEND_LOGS: 'true' }).settings.storePromptsInSpendLogs).toBe(true);
    expect(buildGatewayConfig({ ...models, litellm_settings: { turn_off_message_logging: null } }, {}).settings.turnOffMessageLogging).toBe(false);
  });

  it('reads the string limit from MAX_STRING_LENGTH_PROMPT_IN_DB, and warns of one it cannot use', () => {
    expect(settings({ store_prompts_in_spend_logs: true }, { MAX_STRING_LENGTH_PROMPT_IN_DB: '500' }).settings.maxStoredStringLength).toBe(500);
    for (const bad of ['0', '-3', '1.5', 'lots']) {
      const config = settings({ store_prompts_in_spend_logs: true }, { MAX_STRING_LENGTH_PROMPT_IN_DB: bad });
      expect(config.settings.maxStoredStringLength).toBe(2048);
      expect(config.warnings.some((warning) => warning.startsWith('MAX_STRING_LENGTH_PROMPT_IN_DB'))).toBe(true);
    }
    expect(() => settings({ store_prompts_in_spend_logs: 'sometimes' })).toThrow();
  });

  it('says so when turn_off_message_logging is set too, which wins', () => {
    const config = buildGatewayConfig({ ...models, general_settings: { store_prompts_in_spend_logs: true }, litellm_settings: { turn_off_message_logging: true } }, {});
    expect(config.settings).toMatchObject({ storePromptsInSpendLogs: true, turnOffMessageLogging: true });
    expect(config.warnings.some((warning) => warning.includes('turn_off_message_logging'))).toBe(true);
    expect(settings({}).settings.turnOffMessageLogging).toBe(false);
  });
});

describe('storedPromptsOverride', () => {
  it("reads /config/update's stored value: a boolean (or LiteLLM's text of one), none, or a refusal of anything else", () => {
    expect(storedPromptsOverride({})).toBeUndefined();
    expect(storedPromptsOverride({ general_settings: { alerting: ['slack'] } })).toBeUndefined();
    expect(storedPromptsOverride({ general_settings: { store_prompts_in_spend_logs: true } })).toBe(true);
    expect(storedPromptsOverride({ general_settings: { store_prompts_in_spend_logs: 'False' } })).toBe(false);
    expect(() => storedPromptsOverride({ general_settings: { store_prompts_in_spend_logs: 'often' } })).toThrow(ConfigError);
  });
});
