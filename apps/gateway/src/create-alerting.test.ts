import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildGatewayConfig } from '@switchboard/config';
import { GatewayMetrics } from '@switchboard/data-plane';
import { redisAvailable, TEST_REDIS_URL } from '@switchboard/limits-testing';
import { createLogger } from '@switchboard/service-kit';
import { startRecordingServer, type RecordingServer } from '@switchboard/telemetry-testing';
import { createAlerting, type GatewayAlerting } from './create-alerting.ts';

const silent = createLogger('test', { level: 'silent' });

/** Replicas claim each alert in Redis: a budget crossed on three gateways is one Slack alert, not three. */
describe.runIf(await redisAvailable())('alerting across replicas (Redis)', () => {
  let slack: RecordingServer;
  let replicas: GatewayAlerting[] = [];

  beforeAll(async () => {
    slack = await startRecordingServer();
  });
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.close()));
    await slack?.close();
  });

  it('sends one alert for one budget crossing seen by every replica, and alerts again in a new period', async () => {
    const config = buildGatewayConfig({ model_list: [], general_settings: { alerting: ['slack'], alert_types: ['budget_alerts'] } }, {});
    const env = { REDIS_URL: TEST_REDIS_URL, SLACK_WEBHOOK_URL: `${slack.url}/hook` };
    replicas = [1, 2, 3].map(() => createAlerting(config, env, silent, new GatewayMetrics(false)));
    const team = `team-${randomUUID()}`;
    const line = { owner: { entity: 'team' as const, id: team }, scopeId: `team:${team}@1`, maxNano: 10e9, spentNano: 0, softNano: 1e9 };
    for (const replica of replicas) replica.budgetSettled(line, 2e9);
    for (const replica of replicas) replica.budgetSettled({ ...line, scopeId: `team:${team}@2` }, 2e9);
    await Promise.all(replicas.map((replica) => replica.alerter.flush()));
    const texts = slack.requests.map((request) => JSON.parse(String(request.body)).text as string).join('\n');
    expect(texts.match(new RegExp(`team ${team} crossed its soft budget`, 'g'))).toHaveLength(2);
  });
});
