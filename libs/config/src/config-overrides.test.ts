import { describe, expect, it } from 'vitest';
import { buildGatewayConfig } from './build-gateway-config.ts';
import { ConfigError } from './config-error.ts';
import { routerSettingsWithOverrides } from './config-overrides.ts';
import { routerSettingsView } from './router-settings-of.ts';

const config = buildGatewayConfig(
  {
    model_list: [
      { model_name: 'a', litellm_params: { model: 'mock/a' } },
      { model_name: 'b', litellm_params: { model: 'mock/b' } },
    ],
    router_settings: { routing_strategy: 'usage-based-routing-v2', num_retries: 1, timeout: 30, model_group_alias: { old: 'a' }, redis_host: '127.0.0.1', redis_port: 6390 },
    litellm_settings: { fallbacks: [{ a: ['b'] }] },
  },
  {},
);

describe('router settings stored over the config file', () => {
  it('are the file\'s when nothing is stored', () => {
    expect(routerSettingsWithOverrides(config.sections, {})).toEqual(config.router);
  });

  it('replace the file\'s key by key, add aliases to the file\'s, and keep what only the file can set', () => {
    const settings = routerSettingsWithOverrides(config.sections, {
      router_settings: { routing_strategy: 'least-busy', model_group_alias: { fresh: 'b' }, fallbacks: [{ b: ['a'] }] },
      litellm_settings: { num_retries: 4 },
    });
    expect(settings).toMatchObject({ routingStrategy: 'least-busy', numRetries: 1, timeoutMs: 30_000, modelGroupAlias: { old: 'a', fresh: 'b' }, fallbacks: { a: ['b'], b: ['a'] }, redisUrl: 'redis://127.0.0.1:6390' });
  });

  it('read back through the view and written again, change nothing (a client that writes back what it read)', () => {
    const view = routerSettingsView(config.router);
    expect(view).toMatchObject({ routing_strategy: 'usage-based-routing', num_retries: 1, timeout: 30, fallbacks: [{ a: ['b'] }], model_group_alias: { old: 'a' } });
    expect(JSON.stringify(view)).not.toContain('6390');
    const again = routerSettingsWithOverrides(config.sections, { router_settings: { fallbacks: view.fallbacks, model_group_alias: view.model_group_alias, num_retries: view.num_retries } });
    expect(again).toEqual(config.router);
  });

  it('refuse an invalid stored value with its name', () => {
    expect(() => routerSettingsWithOverrides(config.sections, { router_settings: { num_retries: -1 } })).toThrow(ConfigError);
    expect(() => routerSettingsWithOverrides(config.sections, { router_settings: { routing_strategy: 'fastest' } })).toThrow(/router_settings.routing_strategy/);
  });
});
