'use client';

import Link from 'next/link';
import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { TeamInfo } from '../../lib/api/types.ts';
import { formatBudget, formatDateTime, formatLimit, listOrAll } from '../../lib/format.ts';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useOrganizations } from '../shared-data.ts';
import { TeamFormModal } from './team-form.tsx';

export function TeamsList() {
  const { allowed, allowedOnAll } = usePermissions();
  const organizations = useOrganizations(allowed('organization:read'));
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(25);
  const [creating, setCreating] = useState(false);
  const list = useAsync(() => managementApi.listTeams({ page, size }), [page, size]);

  const columns: Column<TeamInfo>[] = [
    {
      id: 'name',
      header: 'Team',
      sortValue: (team) => team.team_alias ?? team.team_id,
      cell: (team) => (
        <Link href={`/teams/?id=${encodeURIComponent(team.team_id)}`} className="cell-wrap">
          {team.team_alias ?? team.team_id}
        </Link>
      ),
    },
    { id: 'id', header: 'Team ID', cell: (team) => <span className="mono cell-wrap">{team.team_id}</span> },
    { id: 'org', header: 'Organization', sortValue: (team) => organizations.nameOf(team.organization_id), cell: (team) => organizations.nameOf(team.organization_id) },
    { id: 'models', header: 'Models', cell: (team) => <span className="cell-wrap">{listOrAll(team.models)}</span> },
    { id: 'spend', header: 'Spend / budget', align: 'right', sortValue: (team) => team.spend, cell: (team) => formatBudget(team.spend, team.max_budget) },
    { id: 'limits', header: 'RPM / TPM', align: 'right', cell: (team) => `${formatLimit(team.rpm_limit)} / ${formatLimit(team.tpm_limit)}` },
    { id: 'status', header: 'Status', sortValue: (team) => team.blocked, cell: (team) => <StatusBadge tone={team.blocked ? 'bad' : 'ok'}>{team.blocked ? 'Blocked' : 'Active'}</StatusBadge> },
    { id: 'created', header: 'Created', sortValue: (team) => team.created_at, cell: (team) => <span className="nowrap">{formatDateTime(team.created_at, false)}</span> },
  ];

  const totalPages = list.data ? Math.max(1, Math.ceil(list.data.total / Math.max(list.data.page_size, 1))) : 1;
  return (
    <>
      <PageHeader
        title="Teams"
        description={allowedOnAll('team:read') ? 'Groups of users and keys sharing budgets and models.' : 'The teams you belong to.'}
        actions={
          allowed('team:create') && (
            <button type="button" className="button-primary" onClick={() => setCreating(true)}>
              + Create team
            </button>
          )
        }
      />
      {list.loading && !list.data && <Loading label="Loading teams…" />}
      {list.error !== undefined && <ErrorNote error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <DataTable testId="teams-table" caption="Teams" columns={columns} rows={list.data.teams} rowKey={(team) => team.team_id} empty={allowed('team:create') ? 'No teams yet. Create one to share budgets and models.' : 'You are not in any team.'} />
          <Pager label="Teams" page={page} totalPages={totalPages} size={size} onPage={setPage} onSize={(n) => { setSize(n); setPage(1); }} />
        </>
      )}
      {creating && <TeamFormModal onClose={() => setCreating(false)} onSaved={() => list.reload()} />}
    </>
  );
}
