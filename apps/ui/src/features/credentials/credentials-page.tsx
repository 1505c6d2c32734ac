'use client';

import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { CredentialInfo } from '../../lib/api/types.ts';
import { name, optional, required, textValue, url } from '../../lib/validators.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/detail-list.tsx';
import { FieldRow, FormFooter, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, NotAllowed, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';

// A credential's name is a path segment of its own routes: no slash.
const credentialName = (value: string) => (value.includes('/') ? 'A name cannot contain "/".' : name(value));

function CredentialFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const form = useForm(
    { credential_name: '', provider: '', api_key: '', api_base: '', api_version: '', description: '' },
    {
      credential_name: required(credentialName, 'Enter a name deployments will use for it.'),
      provider: optional(name),
      api_key: required((value) => (value.trim() === '' ? 'Enter the API key.' : undefined), 'Enter the API key.'),
      api_base: optional(url),
      api_version: optional(name),
      description: optional(name),
    },
  );
  const onSubmit = form.submit(async (values) => {
    const provider = textValue(values.provider);
    const description = textValue(values.description);
    await managementApi.newCredential({
      credential_name: values.credential_name.trim(),
      credential_values: {
        api_key: values.api_key.trim(),
        ...(textValue(values.api_base) ? { api_base: values.api_base.trim() } : {}),
        ...(textValue(values.api_version) ? { api_version: values.api_version.trim() } : {}),
      },
      credential_info: { ...(provider ? { custom_llm_provider: provider } : {}), ...(description ? { description } : {}) },
    });
    onSaved();
    onClose();
  });
  return (
    <Modal title="Add a credential" onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Add credential">
        <TextField form={form} name="credential_name" label="Credential name" hint="Deployments name it in litellm_params.litellm_credential_name." />
        <FieldRow>
          <TextField form={form} name="provider" label="Provider" hint="e.g. azure; blank: any provider." />
          <TextField form={form} name="api_version" label="API version" hint="Azure only; blank: the default." />
        </FieldRow>
        <TextField form={form} name="api_key" label="API key" hint="Stored encrypted; never shown again." type="password" autoComplete="off" />
        <TextField form={form} name="api_base" label="API base" hint="Where the key is sent; deployments using it cannot send it elsewhere. Blank: the provider's default." />
        <TextField form={form} name="description" label="Description" />
        <FormFooter form={form} submitLabel="Add credential" onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** LiteLLM's stored credentials: listed masked, added and removed by admins. */
export function CredentialsPage() {
  const { allowed } = usePermissions();
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'delete'; credential: CredentialInfo } | null>(null);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const credentials = useAsync(() => managementApi.listCredentials(), [], allowed('credential:read'));
  if (!allowed('credential:read')) return <NotAllowed what="credentials" />;
  const canWrite = allowed('credential:write');
  const info = (credential: CredentialInfo, field: string) => {
    const value = credential.credential_info[field];
    return typeof value === 'string' && value !== '' ? value : '—';
  };
  const columns: Column<CredentialInfo>[] = [
    { id: 'name', header: 'Name', sortValue: (c) => c.credential_name, cell: (c) => <span className="mono cell-wrap">{c.credential_name}</span> },
    { id: 'provider', header: 'Provider', sortValue: (c) => info(c, 'custom_llm_provider'), cell: (c) => info(c, 'custom_llm_provider') },
    { id: 'base', header: 'API base', cell: (c) => <span className="mono cell-wrap">{typeof c.credential_values.api_base === 'string' ? c.credential_values.api_base : 'provider default'}</span> },
    { id: 'fields', header: 'Holds', cell: (c) => <span className="mono cell-wrap">{Object.keys(c.credential_values).sort().join(', ')}</span> },
    { id: 'description', header: 'Description', cell: (c) => <span className="cell-wrap">{info(c, 'description')}</span> },
    ...(canWrite
      ? [{ id: 'actions', header: 'Actions', cell: (c: CredentialInfo) => (
          <button type="button" className="button-danger" aria-label={`Delete ${c.credential_name}`} onClick={() => setDialog({ kind: 'delete', credential: c })}>
            Delete
          </button>
        ) }]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="Credentials"
        description="Provider credentials stored once and named by deployments (litellm_credential_name). Keys are encrypted and never shown."
        actions={
          canWrite && (
            <button type="button" className="button-primary" onClick={() => setDialog({ kind: 'add' })}>
              + Add credential
            </button>
          )
        }
      />
      {message && <Notice tone="success">{message}</Notice>}
      {credentials.loading && !credentials.data && <Loading label="Loading credentials…" />}
      {credentials.error !== undefined && <ErrorNote error={credentials.error} onRetry={credentials.reload} />}
      {credentials.data && <DataTable testId="credentials-table" caption="Stored credentials" columns={columns} rows={credentials.data.credentials} rowKey={(c) => c.credential_name} empty="No credentials yet." />}
      {dialog?.kind === 'add' && <CredentialFormModal onClose={() => setDialog(null)} onSaved={() => { setMessage('Credential added.'); credentials.reload(); }} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete this credential?"
          confirmLabel="Delete credential"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await managementApi.deleteCredential(dialog.credential.credential_name);
            setDialog(null);
            setMessage('Credential deleted.');
            credentials.reload();
          }}
        >
          <p>
            <strong>{dialog.credential.credential_name}</strong> is removed. A credential a deployment still names is not deleted: point the deployment elsewhere first.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
