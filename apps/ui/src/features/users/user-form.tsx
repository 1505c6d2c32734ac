'use client';

import { useState } from 'react';
import { managementApi, type UserInput } from '../../lib/api/management-client.ts';
import { USER_ROLES, type NewUserResult, type UserInfo, type UserRole } from '../../lib/api/types.ts';
import { ROLE_LABELS } from '../../lib/permissions.ts';
import { duration, email, money, moneyValue, name, nameList, optional, parseList, password, textValue, type FormValues } from '../../lib/validators.ts';
import { SecretReveal } from '../../components/copy-button.tsx';
import { CheckboxField, ChoiceListField, FieldRow, FormFooter, SelectField, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { useModelNames, useTeams } from '../shared-data.ts';

interface UserFormValues extends FormValues {
  user_id: string;
  user_email: string;
  user_alias: string;
  user_role: string;
  password: string;
  teams: string;
  models: string;
  max_budget: string;
  budget_duration: string;
  auto_create_key: string;
}

const ROLE_OPTIONS = USER_ROLES.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const text = (value: number | string | null | undefined) => (value === null || value === undefined ? '' : String(value));

/** Invite (create) a user, or edit one. A password lets them log in to the dashboard with username and password. */
export function UserFormModal({ existing, onClose, onSaved }: { existing?: UserInfo; onClose: () => void; onSaved: () => void }) {
  const models = useModelNames();
  const teams = useTeams(!existing);
  const [created, setCreated] = useState<NewUserResult>();
  const form = useForm<UserFormValues>(
    {
      user_id: text(existing?.user_id),
      user_email: text(existing?.user_email),
      user_alias: text(existing?.user_alias),
      user_role: existing?.user_role ?? 'internal_user',
      password: '',
      teams: '',
      models: existing?.models.join(', ') ?? '',
      max_budget: text(existing?.max_budget),
      budget_duration: text(existing?.budget_duration),
      auto_create_key: 'false',
    },
    {
      user_id: optional(name),
      user_email: optional(email),
      user_alias: optional(name),
      password: optional(password),
      models: nameList,
      max_budget: optional(money),
      budget_duration: optional(duration),
    },
  );

  const onSubmit = form.submit(async (values) => {
    const blank = existing ? null : undefined;
    const input: UserInput = {
      user_email: textValue(values.user_email, blank),
      user_alias: textValue(values.user_alias, blank),
      user_role: values.user_role as UserRole,
      models: parseList(values.models),
      max_budget: moneyValue(values.max_budget, blank),
      budget_duration: textValue(values.budget_duration, blank),
      ...(values.password !== '' ? { password: values.password } : {}),
    };
    if (existing) {
      await managementApi.updateUser(existing.user_id, input);
      onSaved();
      onClose();
      return;
    }
    const result = await managementApi.newUser({ ...input, ...(values.user_id.trim() ? { user_id: values.user_id.trim() } : {}), teams: parseList(values.teams), auto_create_key: values.auto_create_key === 'true' });
    onSaved();
    if (result.key) setCreated(result);
    else onClose();
  });

  if (created?.key) {
    return (
      <Modal title="User created" onClose={onClose}>
        <p>
          <strong>{created.user_id}</strong> was created with a virtual key:
        </p>
        <SecretReveal secret={created.key} />
        <div className="form-actions">
          <button type="button" className="button-primary" onClick={onClose}>
            Done
          </button>
        </div>
      </Modal>
    );
  }

  const teamChoices = teams.options.filter((option) => option.value !== '');
  return (
    <Modal title={existing ? `Edit ${existing.user_id}` : 'Invite a user'} onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={existing ? 'Edit user' : 'Invite user'}>
        <FieldRow>
          {!existing && <TextField form={form} name="user_id" label="User ID" hint="Their username; blank: generated." />}
          <TextField form={form} name="user_email" label="Email" type="email" />
          <TextField form={form} name="user_alias" label="Display name" />
        </FieldRow>
        <FieldRow>
          <SelectField form={form} name="user_role" label="Role" options={ROLE_OPTIONS} hint="Viewers can look but not change anything." />
          <TextField form={form} name="password" label={existing ? 'New password' : 'Password'} type="password" autoComplete="new-password" hint={existing ? 'Blank: unchanged. A new one logs them out.' : 'At least 8 characters; blank: no dashboard login.'} />
        </FieldRow>
        {!existing && teamChoices.length > 0 && <ChoiceListField form={form} name="teams" label="Teams" hint="They join as members." choices={teamChoices} />}
        <ChoiceListField form={form} name="models" label="Models" hint="None selected: every model." choices={models} />
        <FieldRow>
          <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Blank: no limit." inputMode="decimal" />
          <TextField form={form} name="budget_duration" label="Budget resets every" hint="e.g. 30d; blank: never." />
        </FieldRow>
        {!existing && <CheckboxField form={form} name="auto_create_key" label="Also create a virtual key for them" hint="The key is shown once, after you save." />}
        <FormFooter form={form} submitLabel={existing ? 'Save changes' : 'Invite user'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
