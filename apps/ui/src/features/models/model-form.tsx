'use client';

import { managementApi } from '../../lib/api/management-client.ts';
import type { ModelDeployment } from '../../lib/api/types.ts';
import { jsonObject, money, name, optional, required, url, type FormValues } from '../../lib/validators.ts';
import { FieldRow, FormFooter, TextAreaField, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';

/** What the form edits as separate fields; everything else in litellm_params is "extra parameters". */
const OWN_PARAMS = ['model', 'api_base', 'api_key'];
const MASKED = '********';
const PER_MILLION = 1_000_000;

interface ModelFormValues extends FormValues {
  model_name: string;
  upstream: string;
  api_base: string;
  api_key: string;
  input_cost: string;
  output_cost: string;
  extra: string;
}


const perMillion = (perToken: unknown) => (typeof perToken === 'number' ? String(Number((perToken * PER_MILLION).toPrecision(12))) : '');

function valuesOf(model: ModelDeployment | undefined): ModelFormValues {
  const params = model?.litellm_params ?? {};
  const extra = Object.fromEntries(Object.entries(params).filter(([field]) => !OWN_PARAMS.includes(field)));
  return {
    model_name: model?.model_name ?? '',
    upstream: typeof params.model === 'string' ? params.model : '',
    api_base: typeof params.api_base === 'string' ? params.api_base : '',
    api_key: '',
    input_cost: perMillion(model?.model_info.input_cost_per_token),
    output_cost: perMillion(model?.model_info.output_cost_per_token),
    extra: Object.keys(extra).length > 0 ? JSON.stringify(extra, null, 2) : '',
  };
}

/**
 * Add or edit a database deployment. `/model/update` replaces all of litellm_params, credentials
 * included, and the API never returns a stored key: changing the connection of a model that has one
 * means typing the key again.
 */
export function ModelFormModal({ existing, onClose, onSaved }: { existing?: ModelDeployment; onClose: () => void; onSaved: () => void }) {
  const initial = valuesOf(existing);
  const hasStoredKey = existing?.litellm_params.api_key === MASKED;
  const connectionChanged = (values: ModelFormValues) => !existing || values.upstream !== initial.upstream || values.api_base !== initial.api_base || values.extra !== initial.extra || values.api_key !== '';
  const form = useForm<ModelFormValues>(initial, {
    model_name: required(name, 'Enter the public model name clients will ask for.'),
    upstream: required((value) => (/\s/.test(value) ? 'No spaces: provider/model, e.g. openai/gpt-4o-mini.' : name(value)), 'Enter the provider and model, e.g. openai/gpt-4o-mini.'),
    api_base: optional(url),
    api_key: (value, values) => (existing && hasStoredKey && connectionChanged(values) && value === '' ? 'Type the API key again: saving the connection replaces the stored one.' : undefined),
    input_cost: optional(money),
    output_cost: optional(money),
    extra: optional(jsonObject),
  });

  const onSubmit = form.submit(async (values) => {
    const litellmParams: Record<string, unknown> = {
      ...(values.extra.trim() ? (JSON.parse(values.extra) as Record<string, unknown>) : {}),
      model: values.upstream.trim(),
      ...(values.api_base.trim() ? { api_base: values.api_base.trim() } : {}),
      ...(values.api_key ? { api_key: values.api_key } : {}),
    };
    // model_info is replaced on update: keep what the user did not edit, minus what the server derives.
    const modelInfo: Record<string, unknown> = { ...existing?.model_info };
    for (const derived of ['id', 'db_model', 'created_at', 'updated_at']) delete modelInfo[derived];
    for (const [field, value] of [['input_cost_per_token', values.input_cost], ['output_cost_per_token', values.output_cost]] as const) {
      if (value.trim() === '') delete modelInfo[field];
      else modelInfo[field] = Number(value) / PER_MILLION;
    }
    if (existing) {
      await managementApi.updateModel(existing.model_info.id, {
        model_name: values.model_name.trim(),
        model_info: modelInfo,
        ...(connectionChanged(values) ? { litellm_params: litellmParams } : {}),
      });
    } else {
      await managementApi.newModel({ model_name: values.model_name.trim(), litellm_params: litellmParams, model_info: modelInfo });
    }
    onSaved();
    onClose();
  });

  return (
    <Modal title={existing ? `Edit ${existing.model_name}` : 'Add a model'} onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={existing ? 'Edit model' : 'Add model'}>
        <FieldRow>
          <TextField form={form} name="model_name" label="Public model name" hint="What clients send as model." />
          <TextField form={form} name="upstream" label="Provider/model" hint="e.g. openai/gpt-4o-mini, anthropic/claude-sonnet-4." />
        </FieldRow>
        <FieldRow>
          <TextField form={form} name="api_base" label="API base" hint="Blank: the provider’s default." />
          <TextField form={form} name="api_key" label="API key" type="password" autoComplete="off" hint={hasStoredKey ? 'Stored (hidden). Blank: keep it, if the connection is unchanged.' : 'Or os.environ/NAME. Encrypted at rest.'} />
        </FieldRow>
        <FieldRow>
          <TextField form={form} name="input_cost" label="Input price (USD per 1M tokens)" hint="Blank: the built-in price." inputMode="decimal" />
          <TextField form={form} name="output_cost" label="Output price (USD per 1M tokens)" hint="Blank: the built-in price." inputMode="decimal" />
        </FieldRow>
        <TextAreaField form={form} name="extra" label="Extra parameters (JSON)" hint='Other litellm_params, e.g. {"rpm": 100, "timeout": 30}.' rows={3} />
        <FormFooter form={form} submitLabel={existing ? 'Save changes' : 'Add model'} onCancel={onClose} />
      </form>
    </Modal>
  );
}
