'use client';

import { managementApi, type TeamInput } from '../../lib/api/management-client.ts';
import type { TeamInfo } from '../../lib/api/types.ts';
import { duration, integerValue, money, moneyValue, name, nameList, optional, parseList, required, textValue, wholeNumber, type FormValues } from '../../lib/validators.ts';
import { ChoiceListField, FieldRow, FormFooter, SelectField, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { useModelNames, useOrganizations } from '../shared-data.ts';
import { guardrailsOf } from '../../lib/guardrails-of.ts';

interface TeamFormValues extends FormValues {
  team_alias: string;
  organization_id: string;
  models: string;
  max_budget: string;
  budget_duration: string;
  rpm_limit: string;
  tpm_limit: string;
  guardrails: string;
}

const rules = {
  team_alias: required(name, 'Enter a team name.'),
  models: nameList,
  max_budget: optional(money),
  budget_duration: optional(duration),
  rpm_limit: optional(wholeNumber),
  tpm_limit: optional(wholeNumber),
  guardrails: nameList,
};

const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));

export function TeamFormModal({ existing, onClose, onSaved }: { existing?: TeamInfo; onClose: () => void; onSaved: (team: TeamInfo) => void }) {
  const models = useModelNames();
  const organizations = useOrganizations();
  const initial: TeamFormValues = {
    team_alias: text(existing?.team_alias),
    organization_id: text(existing?.organization_id),
    models: existing?.models.join(', ') ?? '',
    max_budget: text(existing?.max_budget),
    budget_duration: text(existing?.budget_duration),
    rpm_limit: text(existing?.rpm_limit),
    tpm_limit: text(existing?.tpm_limit),
    guardrails: guardrailsOf(existing?.metadata),
  };
  const form = useForm<TeamFormValues>(initial, rules);

  const onSubmit = form.submit(async (values) => {
    const blank = existing ? null : undefined;
    const input: TeamInput = {
      team_alias: values.team_alias.trim(),
      organization_id: textValue(values.organization_id, blank),
      models: parseList(values.models),
      max_budget: moneyValue(values.max_budget, blank),
      budget_duration: textValue(values.budget_duration, blank),
      rpm_limit: integerValue(values.rpm_limit, blank),
      tpm_limit: integerValue(values.tpm_limit, blank),
      // An empty list changes nothing (the management API keeps what is there).
      ...(parseList(values.guardrails).length > 0 ? { guardrails: parseList(values.guardrails) } : {}),
    };
    const saved = existing ? await managementApi.updateTeam(existing.team_id, input) : await managementApi.newTeam(input);
    onSaved(saved);
    onClose();
  });

  return (
    <Modal title={existing ? 'Edit team' : 'Create a team'} onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={existing ? 'Edit team' : 'Create team'}>
        <FieldRow>
          <TextField form={form} name="team_alias" label="Team name" />
          <SelectField form={form} name="organization_id" label="Organization" options={organizations.options} />
        </FieldRow>
        <ChoiceListField form={form} name="models" label="Models" hint="None selected: every model." choices={models} />
        <FieldRow>
          <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Blank: no limit." inputMode="decimal" />
          <TextField form={form} name="budget_duration" label="Budget resets every" hint="e.g. 30d; blank: never." />
        </FieldRow>
        <FieldRow>
          <TextField form={form} name="rpm_limit" label="Requests per minute" hint="Blank: no limit." inputMode="numeric" />
          <TextField form={form} name="tpm_limit" label="Tokens per minute" hint="Blank: no limit." inputMode="numeric" />
        </FieldRow>
        <TextField form={form} name="guardrails" label="Guardrails" hint="Names from the config's guardrails list, comma-separated: every call of the team's keys runs them." />
        <FormFooter form={form} submitLabel={existing ? 'Save changes' : 'Create team'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
