'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { OrganizationInfo, TeamInfo } from '../../lib/api/types.ts';
import { formatBudget, formatDateTime, formatMoney, listOrAll } from '../../lib/format.ts';
import { budgetFieldValues, duration, money, name, nameList, optional, parseList, required, wholeNumber } from '../../lib/validators.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { DetailList, PageHeader } from '../../components/detail-list.tsx';
import { ChoiceListField, FieldRow, FormFooter, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, NotAllowed, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useModelNames } from '../shared-data.ts';

/** Create (with a budget) or rename/re-scope an organization; the API changes only alias and models on update. */
function OrganizationFormModal({ existing, onClose, onSaved }: { existing?: OrganizationInfo; onClose: () => void; onSaved: () => void }) {
  const models = useModelNames();
  const form = useForm(
    { organization_alias: existing?.organization_alias ?? '', models: existing?.models.join(', ') ?? '', max_budget: '', budget_duration: '', rpm_limit: '', tpm_limit: '' },
    {
      organization_alias: required(name, 'Enter the organization’s name.'),
      models: nameList,
      max_budget: optional(money),
      budget_duration: optional(duration),
      rpm_limit: optional(wholeNumber),
      tpm_limit: optional(wholeNumber),
    },
  );
  const onSubmit = form.submit(async (values) => {
    if (existing) {
      await managementApi.updateOrganization(existing.organization_id, { organization_alias: values.organization_alias.trim(), models: parseList(values.models) });
    } else {
      await managementApi.newOrganization({
        organization_alias: values.organization_alias.trim(),
        models: parseList(values.models),
        ...budgetFieldValues(values),
      });
    }
    onSaved();
    onClose();
  });
  return (
    <Modal title={existing ? 'Edit organization' : 'Create an organization'} onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label={existing ? 'Edit organization' : 'Create organization'}>
        <TextField form={form} name="organization_alias" label="Organization name" />
        <ChoiceListField form={form} name="models" label="Models" hint="None selected: every model." choices={models} />
        {!existing && (
          <>
            <FieldRow>
              <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Blank: no limit." inputMode="decimal" />
              <TextField form={form} name="budget_duration" label="Budget resets every" hint="e.g. 30d; blank: never." />
            </FieldRow>
            <FieldRow>
              <TextField form={form} name="rpm_limit" label="Requests per minute" hint="Blank: no limit." inputMode="numeric" />
              <TextField form={form} name="tpm_limit" label="Tokens per minute" hint="Blank: no limit." inputMode="numeric" />
            </FieldRow>
          </>
        )}
        <FormFooter form={form} submitLabel={existing ? 'Save changes' : 'Create organization'} onCancel={onClose} />
      </form>
    </Modal>
  );
}

export function OrganizationsList() {
  const { allowed } = usePermissions();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(25);
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => managementApi.listOrganizations({ page, size }), [page, size], allowed('organization:read'));
  if (!allowed('organization:read')) return <NotAllowed what="organizations" />;
  const columns: Column<OrganizationInfo>[] = [
    { id: 'name', header: 'Organization', sortValue: (o) => o.organization_alias, cell: (o) => <Link href={`/organizations/?id=${encodeURIComponent(o.organization_id)}`} className="cell-wrap">{o.organization_alias}</Link> },
    { id: 'id', header: 'ID', cell: (o) => <span className="mono cell-wrap">{o.organization_id}</span> },
    { id: 'models', header: 'Models', cell: (o) => <span className="cell-wrap">{listOrAll(o.models)}</span> },
    { id: 'spend', header: 'Spend', align: 'right', sortValue: (o) => o.spend, cell: (o) => formatMoney(o.spend) },
    { id: 'budget', header: 'Budget ID', cell: (o) => <span className="mono">{o.budget_id ?? '—'}</span> },
    { id: 'created', header: 'Created', sortValue: (o) => o.created_at, cell: (o) => <span className="nowrap">{formatDateTime(o.created_at, false)}</span> },
  ];
  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / Math.max(list.data.page_size, 1))) : 1;
  return (
    <>
      <PageHeader
        title="Organizations"
        description="The top level above teams: each has its own models and budget."
        actions={
          allowed('organization:write') && (
            <button type="button" className="button-primary" onClick={() => setCreating(true)}>
              + Create organization
            </button>
          )
        }
      />
      {list.loading && !list.data && <Loading label="Loading organizations…" />}
      {list.error !== undefined && <ErrorNote error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <DataTable testId="organizations-table" caption="Organizations" columns={columns} rows={list.data.organizations} rowKey={(o) => o.organization_id} empty="No organizations yet." />
          <Pager label="Organizations" page={page} totalPages={totalPages} size={size} onPage={setPage} onSize={(n) => { setSize(n); setPage(1); }} />
        </>
      )}
      {creating && <OrganizationFormModal onClose={() => setCreating(false)} onSaved={() => list.reload()} />}
    </>
  );
}

export function OrganizationDetail({ organizationId }: { organizationId: string }) {
  const router = useRouter();
  const { allowed } = usePermissions();
  const info = useAsync(() => managementApi.organizationInfo(organizationId), [organizationId], allowed('organization:read'));
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [message, setMessage] = useState<string>();
  if (!allowed('organization:read')) return <NotAllowed what="organizations" />;
  const org = info.data;
  const teamColumns: Column<TeamInfo>[] = [
    { id: 'name', header: 'Team', sortValue: (t) => t.team_alias ?? t.team_id, cell: (t) => <Link href={`/teams/?id=${encodeURIComponent(t.team_id)}`}>{t.team_alias ?? t.team_id}</Link> },
    { id: 'spend', header: 'Spend / budget', align: 'right', sortValue: (t) => t.spend, cell: (t) => formatBudget(t.spend, t.max_budget) },
  ];
  return (
    <>
      <p className="breadcrumb">
        <Link href="/organizations/">← All organizations</Link>
      </p>
      {info.loading && !org && <Loading label="Loading organization…" />}
      {info.error !== undefined && <ErrorNote error={info.error} onRetry={info.reload} />}
      {org && (
        <>
          <PageHeader
            title={org.organization_alias}
            description={<span className="mono">{org.organization_id}</span>}
            actions={
              allowed('organization:write') && (
                <>
                  <button type="button" className="button-secondary" onClick={() => setDialog('edit')}>
                    Edit
                  </button>
                  <button type="button" className="button-danger" onClick={() => setDialog('delete')}>
                    Delete
                  </button>
                </>
              )
            }
          />
          {message && <Notice tone="success">{message}</Notice>}
          <section className="panel">
            <DetailList items={[['Spend', formatMoney(org.spend)], ['Models', listOrAll(org.models)], ['Budget ID', org.budget_id], ['Created', formatDateTime(org.created_at)]]} />
          </section>
          <section className="panel">
            <h2 className="section-title">Teams ({org.teams.length})</h2>
            <DataTable caption="Teams of the organization" columns={teamColumns} rows={org.teams} rowKey={(t) => t.team_id} empty="No teams belong to this organization." />
          </section>
          {dialog === 'edit' && <OrganizationFormModal existing={org} onClose={() => setDialog(null)} onSaved={() => { setMessage('Organization saved.'); info.reload(); }} />}
          {dialog === 'delete' && (
            <ConfirmDialog
              title="Delete this organization?"
              confirmLabel="Delete organization"
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await managementApi.deleteOrganizations([org.organization_id]);
                router.push('/organizations/');
              }}
            >
              <p>
                <strong>{org.organization_alias}</strong> is deleted. The server refuses while teams or keys still belong to it.
              </p>
            </ConfirmDialog>
          )}
        </>
      )}
    </>
  );
}
