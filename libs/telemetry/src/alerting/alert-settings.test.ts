import { describe, expect, it } from 'vitest';
import { alertSettingsWithOverrides, parseAlertSettings } from './alert-settings.ts';
import { RAISED_ALERT_TYPES } from '@switchboard/alert-types';

const HOOK = 'https://hooks.slack.com/services/T000/B000/secretpath';
const OTHER = 'https://hooks.slack.com/services/T000/B111/otherpath';

describe('alerting settings', () => {
  it('is off without alerting, or without slack in it', () => {
    expect(parseAlertSettings({}, { SLACK_WEBHOOK_URL: HOOK })).toEqual({ problems: [], warnings: [] });
    expect(parseAlertSettings({ alerting: null }, { SLACK_WEBHOOK_URL: HOOK }).settings).toBeUndefined();
    const emailOnly = parseAlertSettings({ alerting: ['email'] }, { SLACK_WEBHOOK_URL: HOOK });
    expect(emailOnly.settings).toBeUndefined();
    expect(emailOnly.warnings.join()).toMatch(/"email" is not sent here/);
  });

  it('raises every type raised here, to SLACK_WEBHOOK_URL, with LiteLLM\'s defaults', () => {
    const { settings, problems } = parseAlertSettings({ alerting: ['slack'] }, { SLACK_WEBHOOK_URL: HOOK });
    expect(problems).toEqual([]);
    expect([...(settings?.types ?? [])].sort()).toEqual([...RAISED_ALERT_TYPES].sort());
    expect(settings?.destinations.get('llm_exceptions')).toEqual([HOOK]);
    expect(settings?.slowThresholdMs).toBe(300_000);
    expect(settings?.budgetAlertTtlMs).toBe(86_400_000);
  });

  it('routes types to their own webhooks (a URL, a list, os.environ/NAME) and narrows to alert_types', () => {
    const { settings, problems, warnings } = parseAlertSettings(
      {
        alerting: ['slack'],
        alert_types: ['llm_exceptions', 'budget_alerts', 'daily_reports'],
        alert_to_webhook_url: { llm_exceptions: [HOOK, 'os.environ/OPS_HOOK'], budget_alerts: 'os.environ/OPS_HOOK' },
        alerting_threshold: 1.5,
        alerting_args: { budget_alert_ttl: 60, daily_report_frequency: 3600 },
      },
      { OPS_HOOK: OTHER },
    );
    expect(problems).toEqual([]);
    expect([...(settings?.types ?? [])]).toEqual(['llm_exceptions', 'budget_alerts']);
    expect(settings?.destinations.get('llm_exceptions')).toEqual([HOOK, OTHER]);
    expect(settings?.destinations.get('budget_alerts')).toEqual([OTHER]);
    expect(settings?.slowThresholdMs).toBe(1_500);
    expect(settings?.budgetAlertTtlMs).toBe(60_000);
    expect(warnings.join('\n')).toMatch(/daily_reports is not raised here/);
    expect(warnings.join('\n')).toMatch(/daily_report_frequency not used here/);
  });

  it('names every setting that cannot work, never a webhook\'s value', () => {
    const { settings, problems } = parseAlertSettings(
      {
        alerting: ['slack', 'carrier-pigeon'],
        alert_types: ['llm_exceptions', 'llm_explosions'],
        alert_to_webhook_url: { llm_exceptions: 'example-slack-webhook-url', nonsense: HOOK, budget_alerts: 'os.environ/UNSET_HOOK', db_exceptions: 'ftp://hooks.example/secret-path' },
        alerting_threshold: -1,
        alerting_args: { budget_alert_ttl: 'a day' },
      },
      {},
    );
    expect(settings).toBeUndefined();
    const text = problems.join('\n');
    expect(text).toMatch(/unknown channel "carrier-pigeon"/);
    expect(text).toMatch(/alert_types\[1\]: unknown alert type "llm_explosions"/);
    expect(text).toMatch(/alert_to_webhook_url.llm_exceptions: not an http\(s\) URL/);
    expect(text).toMatch(/alert_to_webhook_url.nonsense: unknown alert type/);
    expect(text).toMatch(/alert_to_webhook_url.budget_alerts: must be a webhook URL or os.environ\/NAME of a set variable/);
    expect(text).toMatch(/alert_to_webhook_url.db_exceptions: not an http\(s\) URL/);
    expect(text).toMatch(/alerting_threshold: must be a number of seconds above 0/);
    expect(text).toMatch(/budget_alert_ttl: must be a number of seconds above 0/);
    expect(text).not.toMatch(/secret-path|example-slack-webhook-url/);
  });

  it('only warns of settings that cannot work while alerting is off (LiteLLM stores a placeholder webhook; turning slack on with it is refused)', () => {
    const off = parseAlertSettings({ alert_to_webhook_url: { llm_exceptions: 'example-slack-webhook-url' }, alert_types: ['llm_exceptions', 'db_exceptions'] }, {});
    expect(off).toEqual({ problems: [], warnings: ['general_settings.alert_to_webhook_url.llm_exceptions: not an http(s) URL (not used while alerting is off)'] });
    const on = parseAlertSettings({ alerting: ['slack'], alert_to_webhook_url: { llm_exceptions: 'example-slack-webhook-url' } }, { SLACK_WEBHOOK_URL: HOOK });
    expect(on.problems).toEqual(['general_settings.alert_to_webhook_url.llm_exceptions: not an http(s) URL']);
    expect(parseAlertSettings({ alerting: ['pager-carrier'] }, {}).problems).toEqual(['general_settings.alerting: unknown channel "pager-carrier" (slack is supported)']);
  });

  it('refuses slack with nowhere to send, and warns of types left without a webhook', () => {
    expect(parseAlertSettings({ alerting: ['slack'] }, {}).problems.join()).toMatch(/slack needs SLACK_WEBHOOK_URL or general_settings.alert_to_webhook_url/);
    const partial = parseAlertSettings({ alerting: ['slack'], alert_to_webhook_url: { llm_exceptions: HOOK } }, {});
    expect([...(partial.settings?.types ?? [])]).toEqual(['llm_exceptions']);
    expect(partial.warnings.join()).toMatch(/no webhook for llm_too_slow, budget_alerts/);
  });

  it('lays stored settings over the file\'s, key by key', () => {
    const file = { alerting: ['slack'], alert_types: ['llm_exceptions'], master_key: 'sk-not-read-here' };
    const over = alertSettingsWithOverrides(file, { alert_types: ['budget_alerts'], alerting_threshold: 2 }, { SLACK_WEBHOOK_URL: HOOK });
    expect([...(over.settings?.types ?? [])]).toEqual(['budget_alerts']);
    expect(over.settings?.slowThresholdMs).toBe(2_000);
    expect(alertSettingsWithOverrides(file, undefined, { SLACK_WEBHOOK_URL: HOOK }).settings?.types.has('llm_exceptions')).toBe(true);
    expect(alertSettingsWithOverrides({}, { alerting: ['slack'] }, { SLACK_WEBHOOK_URL: HOOK }).settings).toBeDefined();
  });
});
