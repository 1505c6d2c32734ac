'use client';

import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { TagInfo } from '../../lib/api/types.ts';
import { formatLimit, formatMoney } from '../../lib/format.ts';
import { budgetFieldValues, duration, money, name, nameList, optional, parseList, required, textValue, wholeNumber } from '../../lib/validators.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { FieldRow, FormFooter, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, NotAllowed, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';

function TagFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const form = useForm(
    { name: '', description: '', models: '', max_budget: '', budget_duration: '', rpm_limit: '', tpm_limit: '' },
    {
      name: required(name, 'Enter the tag, as calls carry it in tags or metadata.tags.'),
      description: optional(name),
      models: optional(nameList),
      max_budget: optional(money),
      budget_duration: optional(duration),
      rpm_limit: optional(wholeNumber),
      tpm_limit: optional(wholeNumber),
    },
  );
  const onSubmit = form.submit(async (values) => {
    const models = parseList(values.models);
    await managementApi.newTag({
      name: values.name.trim(),
      description: textValue(values.description),
      ...(models.length > 0 ? { models } : {}),
      ...budgetFieldValues(values),
    });
    onSaved();
    onClose();
  });
  return (
    <Modal title="Add a tag" onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Add tag">
        <TextField form={form} name="name" label="Tag" hint="Calls carrying it (body tags, metadata.tags, the key's or team's tags) are held by its budget and limits." />
        <TextField form={form} name="description" label="Description" />
        <TextField form={form} name="models" label="Deployments" hint="Model ids of database deployments that serve the tag (tag routing). Comma-separated; blank: none." />
        <FieldRow>
          <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Blank: no budget." inputMode="decimal" />
          <TextField form={form} name="budget_duration" label="Budget period" hint="e.g. 30d, 1h; blank: never resets." />
        </FieldRow>
        <FieldRow>
          <TextField form={form} name="rpm_limit" label="Requests per minute" inputMode="numeric" />
          <TextField form={form} name="tpm_limit" label="Tokens per minute" inputMode="numeric" />
        </FieldRow>
        <FormFooter form={form} submitLabel="Add tag" onCancel={onClose} />
      </form>
    </Modal>
  );
}

/** Managed tags (LiteLLM's /tag/*) and the tags calls carried in the last 30 days that nobody manages. */
export function TagsPage() {
  const { allowed } = usePermissions();
  const [dialog, setDialog] = useState<{ kind: 'add' } | { kind: 'delete'; tag: TagInfo } | null>(null);
  const [message, setMessage] = useState<string | undefined>(undefined);
  const tags = useAsync(() => managementApi.listTags(), [], allowed('tag:read'));
  if (!allowed('tag:read')) return <NotAllowed what="tags" />;
  const canWrite = allowed('tag:write');
  const managed = (tag: TagInfo) => tag.models !== null;
  const columns: Column<TagInfo>[] = [
    { id: 'name', header: 'Tag', sortValue: (t) => t.name, cell: (t) => <span className="mono cell-wrap">{t.name}</span> },
    { id: 'kind', header: 'Managed', cell: (t) => (managed(t) ? <StatusBadge tone="ok">managed</StatusBadge> : <StatusBadge tone="neutral">seen in calls</StatusBadge>) },
    { id: 'description', header: 'Description', cell: (t) => <span className="cell-wrap">{t.description ?? '—'}</span> },
    { id: 'models', header: 'Deployments', cell: (t) => <span className="mono cell-wrap">{t.models && t.models.length > 0 ? t.models.join(', ') : '—'}</span> },
    { id: 'budget', header: 'Budget', cell: (t) => (t.litellm_budget_table?.max_budget != null ? `${formatMoney(t.litellm_budget_table.max_budget)}${t.litellm_budget_table.budget_duration ? ` per ${t.litellm_budget_table.budget_duration}` : ''}` : 'no limit') },
    { id: 'limits', header: 'Limits', cell: (t) => (t.litellm_budget_table ? `rpm ${formatLimit(t.litellm_budget_table.rpm_limit)}, tpm ${formatLimit(t.litellm_budget_table.tpm_limit)}` : '—') },
    { id: 'spend', header: 'Spend (30 days)', align: 'right', sortValue: (t) => t.spend ?? 0, cell: (t) => (t.spend !== undefined ? formatMoney(t.spend) : '—') },
    ...(canWrite
      ? [{ id: 'actions', header: 'Actions', cell: (t: TagInfo) =>
          managed(t) ? (
            <button type="button" className="button-danger" aria-label={`Delete tag ${t.name}`} onClick={() => setDialog({ kind: 'delete', tag: t })}>
              Delete
            </button>
          ) : null }]
      : []),
  ];
  return (
    <>
      <PageHeader
        title="Tags"
        description="Managed tags route calls to their deployments and hold every call carrying them to one budget and one set of limits, across keys and replicas."
        actions={
          canWrite && (
            <button type="button" className="button-primary" onClick={() => setDialog({ kind: 'add' })}>
              + Add tag
            </button>
          )
        }
      />
      {message && <Notice tone="success">{message}</Notice>}
      {tags.loading && !tags.data && <Loading label="Loading tags…" />}
      {tags.error !== undefined && <ErrorNote error={tags.error} onRetry={tags.reload} />}
      {tags.data && <DataTable testId="tags-table" caption="Tags" columns={columns} rows={tags.data} rowKey={(t) => t.name} empty="No tags yet." />}
      {dialog?.kind === 'add' && <TagFormModal onClose={() => setDialog(null)} onSaved={() => { setMessage('Tag added.'); tags.reload(); }} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete this tag?"
          confirmLabel="Delete tag"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await managementApi.deleteTag(dialog.tag.name);
            setDialog(null);
            setMessage('Tag deleted.');
            tags.reload();
          }}
        >
          <p>
            <strong>{dialog.tag.name}</strong> stops routing and limiting calls; calls may still carry it, and its spend stays in the logs.
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
