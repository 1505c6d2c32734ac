import { resolve } from 'node:path';
import { startLocalComposeStack, type LocalStack } from './local-compose-stack.ts';

const workspaceRoot = resolve(import.meta.dirname, '../..');
let stack: LocalStack | undefined;

/**
 * With E2E_BASE_URL set (e.g. after `docker compose up -d --wait`), the suite runs against that stack.
 * Otherwise it starts the same compose stack as local processes and tells the specs where it is.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!process.env.E2E_BASE_URL) {
    process.env.SWITCHBOARD_MASTER_KEY ??= 'sk-e2e-master-key';
    process.env.SWITCHBOARD_SALT_KEY ??= 'e2e-salt-key';
    stack = await startLocalComposeStack(workspaceRoot, process.env as Record<string, string>);
    process.env.E2E_BASE_URL = stack.baseUrl;
    process.env.E2E_GATEWAY_URL = stack.gatewayUrl;
    process.env.E2E_BACKEND_URL = stack.backendUrl;
    process.env.E2E_MASTER_KEY = stack.masterKey;
  }
  return async () => {
    await stack?.stop();
  };
}
