'use client';

import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { AlertingInForce } from '../../lib/api/types.ts';
import { ALERT_TYPE_LABELS } from '../../lib/alert-types.ts';
import { optional, parseList, url, wholeNumber } from '../../lib/validators.ts';
import { DetailList, StatusBadge } from '../../components/detail-list.tsx';
import { CheckboxField, ChoiceListField, FieldRow, FormFooter, TextField, useForm } from '../../components/form.tsx';
import { Notice } from '../../components/states.tsx';

const labelOf = (type: string) => ALERT_TYPE_LABELS.find(([known]) => known === type)?.[1] ?? type;

/** The alerting in force, as `/get/config/callbacks` shows it (webhooks masked to their origin). */
function AlertingSummary({ slack }: { slack: AlertingInForce | undefined }) {
  if (!slack) return <p className="muted">Alerting is off: no alerts are sent.</p>;
  const webhooks = [...new Set(Object.values(slack.alerts_to_webhook).flat())];
  return (
    <DetailList
      items={[
        ['Channel', <StatusBadge key="on" tone="ok">Slack</StatusBadge>],
        ['Webhooks', webhooks.length > 0 ? webhooks.join(', ') : '—'],
        ['Alerts sent', slack.active_alerts.length > 0 ? slack.active_alerts.map(labelOf).join('; ') : 'none'],
      ]}
    />
  );
}

/**
 * Slack alerting (LiteLLM's `general_settings.alerting`): admins turn it on or off, choose the alerts and where they go;
 * the change reaches running gateways through `/config/update`. A webhook URL is a secret: it is never shown again.
 */
export function AlertingPanel({ slack, canWrite, onSaved }: { slack: AlertingInForce | undefined; canWrite: boolean; onSaved: () => void }) {
  const [message, setMessage] = useState<string>();
  const envWebhook = slack?.variables.SLACK_WEBHOOK_URL ?? null;
  const form = useForm(
    { enabled: String(slack !== undefined), webhook: '', alert_types: (slack?.active_alerts ?? ALERT_TYPE_LABELS.slice(0, 6).map(([type]) => type)).join(', '), threshold: '' },
    {
      webhook: (value, values) => (values.enabled === 'true' && !slack && envWebhook === null && value.trim() === '' ? 'Enter the Slack incoming-webhook URL.' : optional(url)(value)),
      alert_types: (value, values) => (values.enabled === 'true' && parseList(value).length === 0 ? 'Choose at least one alert.' : undefined),
      threshold: optional(wholeNumber),
    },
  );
  const onSubmit = form.submit(async (values) => {
    if (values.enabled !== 'true') {
      await managementApi.updateAlerting({ alerting: [] });
      setMessage('Alerting is off.');
    } else {
      const types = parseList(values.alert_types);
      const webhook = values.webhook.trim();
      await managementApi.updateAlerting({
        alerting: ['slack'],
        alert_types: types,
        ...(webhook !== '' ? { alert_to_webhook_url: Object.fromEntries(types.map((type) => [type, webhook])) } : {}),
        ...(values.threshold.trim() !== '' ? { alerting_threshold: Number(values.threshold) } : {}),
      });
      setMessage('Alerting saved: gateways apply it within seconds.');
    }
    form.reset({ ...values, webhook: '' });
    onSaved();
  });
  const useFile = async () => {
    await managementApi.updateAlerting({ alerting: null, alert_types: null, alert_to_webhook_url: null, alerting_threshold: null });
    setMessage("Alerting follows the config file's settings again.");
    onSaved();
  };
  return (
    <section className="panel" aria-label="Alerting">
      <h2>Alerting</h2>
      {message && <Notice tone="success">{message}</Notice>}
      <AlertingSummary slack={slack} />
      {canWrite && (
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Alerting settings">
          <CheckboxField form={form} name="enabled" label="Send alerts to Slack" />
          {form.values.enabled === 'true' && (
            <>
              <FieldRow>
                <TextField
                  form={form}
                  name="webhook"
                  label="Slack webhook URL"
                  type="password"
                  autoComplete="off"
                  hint={slack || envWebhook !== null ? 'Blank: keep the webhooks in force.' : 'An incoming-webhook URL; stored, never shown again.'}
                />
                <TextField form={form} name="threshold" label="Slow call threshold (seconds)" hint="Blank: as now (300 unless set)." inputMode="numeric" />
              </FieldRow>
              <ChoiceListField form={form} name="alert_types" label="Alerts" choices={ALERT_TYPE_LABELS.map(([value, label]) => ({ value, label }))} />
            </>
          )}
          <FormFooter form={form} submitLabel="Save alerting" />
          <button type="button" className="button-secondary" onClick={() => void useFile().catch(() => setMessage(undefined))}>
            Use the config file&apos;s alerting
          </button>
        </form>
      )}
    </section>
  );
}
