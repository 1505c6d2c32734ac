import { afterEach, describe, expect, it } from 'vitest';
import { startRecordingServer, type RecordingServer } from '../testing/recording-server.ts';
import { parseAlertSettings } from './alert-settings.ts';
import { Alerter, type AlertOutcome } from './alerter.ts';
import type { AlertType } from '@switchboard/alert-types';

function settingsFor(url: string, extra: Record<string, unknown> = {}) {
  const { settings, problems } = parseAlertSettings({ alerting: ['slack'], ...extra }, { SLACK_WEBHOOK_URL: url });
  expect(problems).toEqual([]);
  return settings;
}

function counter() {
  const counts = new Map<string, number>();
  return {
    count: (type: AlertType, outcome: AlertOutcome, n: number) => counts.set(`${type}/${outcome}`, (counts.get(`${type}/${outcome}`) ?? 0) + n),
    of: (key: string) => counts.get(key) ?? 0,
  };
}

describe('slack alerter', () => {
  let hook: RecordingServer | undefined;
  afterEach(async () => {
    await hook?.close();
    hook = undefined;
  });

  it('posts a burst as one Slack message, holds back repeats and says how many it held back', async () => {
    hook = await startRecordingServer();
    let now = 1_000_000;
    const counts = counter();
    const alerter = new Alerter(settingsFor(`${hook.url}/services/T/B/secret`), { source: 'gateway', now: () => now, flushMs: 20, count: counts.count });
    alerter.raise({ type: 'llm_exceptions', key: 'gpt|d1|timeout', level: 'High', message: 'A call to gpt failed: timeout', fields: { deployment: 'd1', team: undefined } });
    alerter.raise({ type: 'llm_exceptions', key: 'gpt|d1|timeout', level: 'High', message: 'again' });
    alerter.raise({ type: 'cooldown_deployment', key: 'd1', level: 'Medium', message: 'Deployment d1 is cooling down' });
    const [first] = await hook.waitForRequests(1);
    expect(first?.path).toBe('/services/T/B/secret');
    expect(first?.headers['content-type']).toBe('application/json');
    const text = JSON.parse(String(first?.body)).text as string;
    expect(text).toContain('*High* · `llm_exceptions` · gateway');
    expect(text).toContain('deployment: `d1`');
    expect(text).not.toContain('team:');
    expect(text).toContain('Deployment d1 is cooling down');
    expect(text).not.toContain('again');
    expect(counts.of('llm_exceptions/held_back')).toBe(1);
    await alerter.flush();
    expect(counts.of('llm_exceptions/sent')).toBe(1);
    expect(counts.of('cooldown_deployment/sent')).toBe(1);

    now += 61_000;
    alerter.raise({ type: 'llm_exceptions', key: 'gpt|d1|timeout', level: 'High', message: 'a minute later' });
    await alerter.flush();
    const second = JSON.parse(String(hook.requests[1]?.body)).text as string;
    expect(second).toContain('a minute later');
    expect(second).toContain('(1 alike held back since the last one)');
  });

  it('sends at most maxBatch alerts per message, and each type only where it is routed', async () => {
    hook = await startRecordingServer();
    const alerter = new Alerter(settingsFor(`${hook.url}/all`, { alert_types: ['llm_exceptions'] }), { source: 'gateway', flushMs: 10_000, maxBatch: 3 });
    expect(alerter.wants('llm_exceptions')).toBe(true);
    expect(alerter.wants('budget_alerts')).toBe(false);
    for (let i = 0; i < 7; i++) alerter.raise({ type: 'llm_exceptions', key: `k${i}`, level: 'High', message: `failure ${i}` });
    alerter.raise({ type: 'budget_alerts', key: 'b', level: 'High', message: 'not routed' });
    await alerter.flush();
    expect(hook.requests).toHaveLength(3);
    const texts = hook.requests.map((request) => JSON.parse(String(request.body)).text as string);
    expect(texts.map((text) => text.split('failure').length - 1)).toEqual([3, 3, 1]);
    expect(texts.join()).not.toContain('not routed');
  });

  it('retries a webhook that fails for now, drops after the last try, and never logs the webhook path', async () => {
    hook = await startRecordingServer();
    let calls = 0;
    hook.reply(() => (++calls === 1 ? { status: 503 } : { status: 200 }));
    const counts = counter();
    const warnings: Record<string, unknown>[] = [];
    const logger = { warn: (fields: Record<string, unknown>) => warnings.push(fields) };
    const alerter = new Alerter(settingsFor(`${hook.url}/services/secret-path`), { source: 'gateway', flushMs: 5, retryDelaysMs: [5], count: counts.count, logger });
    alerter.raise({ type: 'db_exceptions', key: 'spend', level: 'High', message: 'spend write failed' });
    await new Promise((resolve) => setTimeout(resolve, 30));
    await alerter.flush();
    expect(hook.requests).toHaveLength(2);
    expect(counts.of('db_exceptions/sent')).toBe(1);

    hook.reply(() => ({ status: 404 }));
    alerter.raise({ type: 'db_exceptions', key: 'other', level: 'High', message: 'gone' });
    await alerter.flush();
    expect(hook.requests).toHaveLength(3);
    expect(counts.of('db_exceptions/failed')).toBe(1);
    expect(JSON.stringify(warnings)).toContain('127.0.0.1');
    expect(JSON.stringify(warnings)).not.toContain('secret-path');
  });

  it('redacts credentials from the text, truncates long alerts, and takes new settings live', async () => {
    hook = await startRecordingServer();
    const alerter = new Alerter(undefined, { source: 'gateway', flushMs: 5, redact: (text) => text.replaceAll(/sk-[a-z0-9]+/g, '[REDACTED]') });
    alerter.raise({ type: 'llm_exceptions', key: 'a', level: 'High', message: 'off: not sent' });
    alerter.update(settingsFor(`${hook.url}/x`));
    alerter.raise({ type: 'llm_exceptions', key: 'a', level: 'High', message: `upstream said: invalid key sk-abc123 ${'x'.repeat(5_000)}` });
    await alerter.flush();
    expect(hook.requests).toHaveLength(1);
    const text = JSON.parse(String(hook.requests[0]?.body)).text as string;
    expect(text).toContain('[REDACTED]');
    expect(text).not.toContain('sk-abc123');
    expect(text.length).toBeLessThanOrEqual(3_001);
    alerter.update(undefined);
    alerter.raise({ type: 'llm_exceptions', key: 'b', level: 'High', message: 'off again' });
    await alerter.shutdown(1_000);
    expect(hook.requests).toHaveLength(1);
  });
});
