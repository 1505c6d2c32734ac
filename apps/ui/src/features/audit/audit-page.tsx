'use client';

import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { AuditEntry } from '../../lib/api/types.ts';
import { displayActor, formatDateTime } from '../../lib/format.ts';
import { name, optional } from '../../lib/validators.ts';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { JsonBlock, PageHeader } from '../../components/detail-list.tsx';
import { TextField, useForm } from '../../components/form.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, NotAllowed } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';

type AuditFilters = { table_name: string; object_id: string; actor: string };
const EMPTY: AuditFilters = { table_name: '', object_id: '', actor: '' };

export function AuditPage() {
  const { allowed } = usePermissions();
  const [page, setPage] = useState(1);
  const [filters, setFilters] = useState<AuditFilters>(EMPTY);
  const form = useForm<AuditFilters>(EMPTY, { table_name: optional(name), object_id: optional(name), actor: optional(name) });
  const audit = useAsync(() => managementApi.audit({ page, size: 25, table_name: filters.table_name.trim() || undefined, object_id: filters.object_id.trim() || undefined, actor: filters.actor.trim() || undefined }), [page, filters], allowed('audit:read'));
  if (!allowed('audit:read')) return <NotAllowed what="the audit log" />;
  const columns: Column<AuditEntry>[] = [
    { id: 'at', header: 'When', sortValue: (e) => e.at, cell: (e) => <span className="nowrap">{formatDateTime(e.at, false)}</span> },
    { id: 'actor', header: 'Who', sortValue: (e) => e.actor, cell: (e) => <span className="cell-wrap">{displayActor(e.actor)}</span> },
    { id: 'action', header: 'Action', sortValue: (e) => e.action, cell: (e) => <span className="mono">{e.action}</span> },
    { id: 'object', header: 'Object', cell: (e) => <span className="mono cell-wrap" title={e.object_id}>{e.table_name}/{e.object_id.length > 20 ? `${e.object_id.slice(0, 20)}…` : e.object_id}</span> },
    {
      id: 'change',
      header: 'Change',
      cell: (e) => (
        <details>
          <summary>Show</summary>
          <JsonBlock value={{ before: e.before, after: e.after }} label="Before and after" />
        </details>
      ),
    },
  ];
  const totalPages = audit.data ? Math.max(1, Math.ceil(audit.data.total / Math.max(audit.data.page_size, 1))) : 1;
  return (
    <>
      <PageHeader title="Audit Log" description="Every change made through the management API: who, what and when." />
      <form className="toolbar" onSubmit={form.submit(async (values) => { setPage(1); setFilters(values); })} noValidate aria-label="Filter the audit log">
        <TextField form={form} name="table_name" label="Table" placeholder="keys, teams, users…" />
        <TextField form={form} name="object_id" label="Object ID" />
        <TextField form={form} name="actor" label="Actor" placeholder="user id or master_key" />
        <div className="toolbar-actions">
          <button type="submit" className="button-primary">
            Filter
          </button>
        </div>
      </form>
      {audit.loading && !audit.data && <Loading label="Loading the audit log…" />}
      {audit.error !== undefined && <ErrorNote error={audit.error} onRetry={audit.reload} />}
      {audit.data && (
        <>
          <DataTable testId="audit-table" caption="Audit log" columns={columns} rows={audit.data.data} rowKey={(e) => String(e.id)} empty="No changes recorded yet." />
          <Pager label="Audit log" page={page} totalPages={totalPages} size={25} onPage={setPage} />
        </>
      )}
    </>
  );
}
