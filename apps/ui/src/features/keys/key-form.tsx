'use client';

import { useState } from 'react';
import { managementApi, type KeyInput } from '../../lib/api/management-client.ts';
import type { GeneratedKey, KeyInfo } from '../../lib/api/types.ts';
import { parseList, duration, integerValue, money, moneyValue, name, nameList, optional, textValue, wholeNumber, type FormValues } from '../../lib/validators.ts';
import { ChoiceListField, FieldRow, FormFooter, SelectField, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { SecretReveal } from '../../components/copy-button.tsx';
import { usePermissions } from '../../components/session.tsx';
import { useModelNames, useTeams } from '../shared-data.ts';
import { guardrailsOf } from '../../lib/guardrails-of.ts';

interface KeyFormValues extends FormValues {
  key_alias: string;
  models: string;
  max_budget: string;
  budget_duration: string;
  rpm_limit: string;
  tpm_limit: string;
  team_id: string;
  user_id: string;
  duration: string;
  guardrails: string;
}

const rules = {
  key_alias: optional(name),
  models: nameList,
  max_budget: optional(money),
  budget_duration: optional(duration),
  rpm_limit: optional(wholeNumber),
  tpm_limit: optional(wholeNumber),
  user_id: optional(name),
  duration: optional(duration),
  guardrails: nameList,
};

const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));

function valuesOf(key: KeyInfo | undefined): KeyFormValues {
  return {
    key_alias: text(key?.key_alias),
    models: key?.models.join(', ') ?? '',
    max_budget: text(key?.max_budget),
    budget_duration: text(key?.budget_duration),
    rpm_limit: text(key?.rpm_limit),
    tpm_limit: text(key?.tpm_limit),
    team_id: text(key?.team_id),
    user_id: text(key?.user_id),
    duration: '',
    guardrails: guardrailsOf(key?.metadata),
  };
}

/** The request for the form: every field on create; on edit only what changed (blank clears it). */
function requestOf(values: KeyFormValues, before: KeyFormValues | undefined): KeyInput {
  const editing = before !== undefined;
  const blank = editing ? null : undefined;
  const all: KeyInput = {
    key_alias: textValue(values.key_alias, blank),
    models: parseList(values.models),
    max_budget: moneyValue(values.max_budget, blank),
    budget_duration: textValue(values.budget_duration, blank),
    rpm_limit: integerValue(values.rpm_limit, blank),
    tpm_limit: integerValue(values.tpm_limit, blank),
    team_id: textValue(values.team_id, blank),
    user_id: textValue(values.user_id, blank),
    duration: textValue(values.duration, undefined),
    guardrails: parseList(values.guardrails),
  };
  if (!editing) return Object.fromEntries(Object.entries(all).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))) as KeyInput;
  const changed: Record<string, unknown> = {};
  for (const field of Object.keys(all) as Array<keyof KeyInput & keyof KeyFormValues>) {
    if (values[field] !== before[field] && all[field] !== undefined) changed[field] = all[field];
  }
  return changed as KeyInput;
}

/** Create or edit a virtual key; after create, the raw key is shown once. */
export function KeyFormModal({ existing, onClose, onSaved }: { existing?: KeyInfo; onClose: () => void; onSaved: (key: KeyInfo) => void }) {
  const { allowedOnAll } = usePermissions();
  const admin = allowedOnAll('key:update');
  const models = useModelNames();
  const teams = useTeams();
  const initial = valuesOf(existing);
  const form = useForm<KeyFormValues>(initial, rules);
  const [created, setCreated] = useState<GeneratedKey>();

  const onSubmit = form.submit(async (values) => {
    if (existing) {
      const changes = requestOf(values, initial);
      const saved = Object.keys(changes).length === 0 ? existing : await managementApi.updateKey(existing.token, changes);
      onSaved(saved);
      onClose();
      return;
    }
    const result = await managementApi.generateKey(requestOf(values, undefined));
    setCreated(result);
    onSaved(result);
  });

  if (created) {
    return (
      <Modal title="Your new virtual key" onClose={onClose}>
        <SecretReveal secret={created.key} />
        <p className="muted">
          {created.key_alias ? <>Alias: {created.key_alias}. </> : null}
          Use it as <code>Authorization: Bearer &lt;key&gt;</code> against this gateway.
        </p>
        <div className="form-actions">
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Modal>
    );
  }

  return (
    <Modal title={existing ? 'Edit virtual key' : 'Create a virtual key'} onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={existing ? 'Edit key' : 'Create key'}>
        <TextField form={form} name="key_alias" label="Key alias" hint="A name you will recognise, unique across keys." />
        <ChoiceListField form={form} name="models" label="Models" hint="None selected: every model the owner may use." choices={models} />
        <FieldRow>
          <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Blank: no limit." inputMode="decimal" />
          <TextField form={form} name="budget_duration" label="Budget resets every" hint="e.g. 30d; blank: never." />
        </FieldRow>
        <FieldRow>
          <TextField form={form} name="rpm_limit" label="Requests per minute" hint="Blank: no limit." inputMode="numeric" />
          <TextField form={form} name="tpm_limit" label="Tokens per minute" hint="Blank: no limit." inputMode="numeric" />
        </FieldRow>
        <FieldRow>
          <SelectField form={form} name="team_id" label="Team" options={teams.options} disabled={Boolean(existing) && !admin} />
          {admin && <TextField form={form} name="user_id" label="User ID" hint={existing ? 'The key’s owner.' : 'Owner of the key; blank: no user.'} />}
          <TextField form={form} name="duration" label={existing ? 'Expire after (from now)' : 'Expires after'} hint={existing ? 'e.g. 90d; blank: keep the current expiry.' : 'e.g. 30d; blank: never expires.'} />
        </FieldRow>
        <TextField form={form} name="guardrails" label="Guardrails" hint="Names from the config's guardrails list, comma-separated: every call with this key runs them. Only an admin can remove one." />
        <FormFooter form={form} submitLabel={existing ? 'Save changes' : 'Create key'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
