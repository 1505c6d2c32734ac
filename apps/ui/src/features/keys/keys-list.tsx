'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { KeyInfo } from '../../lib/api/types.ts';
import { formatBudget, formatDate, formatDateTime, formatInteger, listOrAll } from '../../lib/format.ts';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/detail-list.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useTeams } from '../shared-data.ts';
import { KeyFormModal } from './key-form.tsx';
import { KeyStatus, keyState } from './key-status.tsx';

interface Filters {
  key_alias: string;
  team_id: string;
  user_id: string;
}
const NO_FILTERS: Filters = { key_alias: '', team_id: '', user_id: '' };

export function KeysList() {
  const { allowed, allowedOnAll } = usePermissions();
  const teams = useTeams();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(25);
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => managementApi.listKeys({ page, size, key_alias: filters.key_alias.trim() || undefined, team_id: filters.team_id || undefined, user_id: filters.user_id.trim() || undefined }), [page, size, filters]);

  const search = (event: FormEvent) => {
    event.preventDefault();
    setPage(1);
    setFilters(draft);
  };

  const columns: Column<KeyInfo>[] = [
    {
      id: 'alias',
      header: 'Key alias',
      sortValue: (key) => key.key_alias,
      cell: (key) => (
        <Link href={`/keys/?id=${encodeURIComponent(key.token)}`} className="cell-wrap">
          {key.key_alias ?? '(no alias)'}
        </Link>
      ),
    },
    { id: 'key', header: 'Key', cell: (key) => <span className="mono nowrap">{key.key_name}</span> },
    { id: 'team', header: 'Team', sortValue: (key) => teams.nameOf(key.team_id), cell: (key) => <span className="cell-wrap">{teams.nameOf(key.team_id)}</span> },
    { id: 'user', header: 'User', sortValue: (key) => key.user_id, cell: (key) => <span className="cell-wrap">{key.user_id ?? '—'}</span> },
    { id: 'models', header: 'Models', cell: (key) => <span className="cell-wrap">{listOrAll(key.models)}</span> },
    { id: 'spend', header: 'Spend / budget', align: 'right', sortValue: (key) => key.spend, cell: (key) => formatBudget(key.spend, key.max_budget) },
    { id: 'limits', header: 'RPM / TPM', align: 'right', cell: (key) => <span title="Requests and tokens per minute; — is no limit">{`${key.rpm_limit === null ? '—' : formatInteger(key.rpm_limit)} / ${key.tpm_limit === null ? '—' : formatInteger(key.tpm_limit)}`}</span> },
    { id: 'expires', header: 'Expires', sortValue: (key) => key.expires, cell: (key) => <span className="nowrap" title={key.expires ? formatDateTime(key.expires) : undefined}>{key.expires ? formatDate(key.expires) : 'never'}</span> },
    { id: 'status', header: 'Status', sortValue: (key) => keyState(key), cell: (key) => <KeyStatus keyInfo={key} /> },
  ];

  const filtered = filters.key_alias !== '' || filters.team_id !== '' || filters.user_id !== '';
  return (
    <>
      <PageHeader
        title="Virtual Keys"
        description={allowedOnAll('key:read') ? 'Every key of this gateway.' : 'Your keys, and the keys of teams you administer.'}
        actions={
          allowed('key:create') && (
            <button type="button" className="button-primary" onClick={() => setCreating(true)}>
              + Create key
            </button>
          )
        }
      />
      <form className="toolbar" onSubmit={search} role="search" aria-label="Search keys">
        <div className="field">
          <label htmlFor="filter-alias">Key alias</label>
          <input id="filter-alias" value={draft.key_alias} onChange={(e) => setDraft({ ...draft, key_alias: e.target.value })} placeholder="exact alias" />
        </div>
        <div className="field">
          <label htmlFor="filter-team">Team</label>
          <select id="filter-team" value={draft.team_id} onChange={(e) => setDraft({ ...draft, team_id: e.target.value })}>
            {teams.options.map((option) => (
              <option key={option.value} value={option.value}>
                {option.value === '' ? 'Any team' : option.label}
              </option>
            ))}
          </select>
        </div>
        {allowedOnAll('key:read') && (
          <div className="field">
            <label htmlFor="filter-user">User ID</label>
            <input id="filter-user" value={draft.user_id} onChange={(e) => setDraft({ ...draft, user_id: e.target.value })} />
          </div>
        )}
        <div className="toolbar-actions">
          <button type="submit" className="button-primary">
            Search
          </button>
          {filtered && (
            <button type="button" className="button-secondary" onClick={() => { setDraft(NO_FILTERS); setFilters(NO_FILTERS); setPage(1); }}>
              Clear
            </button>
          )}
        </div>
      </form>
      {list.loading && !list.data && <Loading label="Loading keys…" />}
      {list.error !== undefined && <ErrorNote error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <DataTable
            testId="keys-table"
            caption="Virtual keys"
            columns={columns}
            rows={list.data.keys}
            rowKey={(key) => key.token}
            empty={filtered ? 'No key matches these filters.' : allowed('key:create') ? 'No keys yet. Create one to call the gateway.' : 'No keys yet.'}
          />
          <Pager label="Keys" page={page} totalPages={list.data.total_pages} size={size} onPage={setPage} onSize={(n) => { setSize(n); setPage(1); }} />
          <p className="muted">{list.data.total_count} {list.data.total_count === 1 ? 'key' : 'keys'} in total.</p>
        </>
      )}
      {creating && <KeyFormModal onClose={() => setCreating(false)} onSaved={() => list.reload()} />}
    </>
  );
}
