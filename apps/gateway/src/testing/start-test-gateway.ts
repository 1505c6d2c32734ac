import OpenAI from 'openai';
import type { Logger } from 'pino';
import { buildGatewayConfig } from '@switchboard/config';
import type { CallRecord } from '@switchboard/contracts';
import type { ProviderAdapter } from '@switchboard/providers';
import { createLogger, runService, type RunningService } from '@switchboard/service-kit';
import { createGatewayApp } from '../app.ts';

export interface TestGatewayOptions {
  masterKey: string;
  onSettled?: (record: CallRecord) => void;
  logger?: Logger;
  adapterFor?: (provider: string) => ProviderAdapter;
}

/**
 * A gateway on a free port for provider tests: the given `model_list`, no retries (each test counts its
 * upstream calls), the master key, and the official OpenAI SDK pointed at it.
 */
export async function startTestGateway(modelList: unknown[], options: TestGatewayOptions): Promise<{ gateway: RunningService; origin: string; client: OpenAI }> {
  const config = buildGatewayConfig({ model_list: modelList, router_settings: { num_retries: 0 }, general_settings: { master_key: options.masterKey } }, {});
  const { service } = createGatewayApp({
    config,
    logger: options.logger ?? createLogger('gateway', { level: 'silent' }),
    env: {},
    ...(options.onSettled ? { onSettled: options.onSettled } : {}),
    ...(options.adapterFor ? { adapterFor: options.adapterFor } : {}),
  });
  const gateway = await runService(service, { port: 0, host: '127.0.0.1', drainMs: 0, graceMs: 500 });
  const origin = `http://127.0.0.1:${gateway.port}`;
  return { gateway, origin, client: new OpenAI({ apiKey: options.masterKey, baseURL: `${origin}/v1`, maxRetries: 0 }) };
}
