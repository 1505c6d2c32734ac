'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import { USER_ROLES, type KeyInfo, type UserInfo, type UserRole } from '../../lib/api/types.ts';
import { formatBudget, formatDateTime, listOrAll } from '../../lib/format.ts';
import { ROLE_LABELS } from '../../lib/permissions.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { DetailList, PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, NotAllowed, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { KeyStatus } from '../keys/key-status.tsx';
import { useTeams } from '../shared-data.ts';
import { UserFormModal } from './user-form.tsx';

function RoleBadge({ role }: { role: UserRole }) {
  return <StatusBadge tone={role === 'proxy_admin' ? 'warn' : 'neutral'}>{ROLE_LABELS[role] ?? role}</StatusBadge>;
}

export function UsersList() {
  const { allowed } = usePermissions();
  const [page, setPage] = useState(1);
  const [size, setSize] = useState(25);
  const [role, setRole] = useState<UserRole | ''>('');
  const [inviting, setInviting] = useState(false);
  const list = useAsync(() => managementApi.listUsers({ page, size, role: role || undefined }), [page, size, role], allowed('user:list'));
  if (!allowed('user:list')) return <NotAllowed what="the list of users" />;

  const columns: Column<UserInfo>[] = [
    { id: 'id', header: 'User ID', sortValue: (u) => u.user_id, cell: (u) => <Link href={`/users/?id=${encodeURIComponent(u.user_id)}`} className="cell-wrap">{u.user_id}</Link> },
    { id: 'email', header: 'Email', sortValue: (u) => u.user_email, cell: (u) => <span className="cell-wrap">{u.user_email ?? '—'}</span> },
    { id: 'alias', header: 'Name', sortValue: (u) => u.user_alias, cell: (u) => <span className="cell-wrap">{u.user_alias ?? '—'}</span> },
    { id: 'role', header: 'Role', sortValue: (u) => u.user_role, cell: (u) => <RoleBadge role={u.user_role} /> },
    { id: 'spend', header: 'Spend / budget', align: 'right', sortValue: (u) => u.spend, cell: (u) => formatBudget(u.spend, u.max_budget) },
    { id: 'created', header: 'Created', sortValue: (u) => u.created_at, cell: (u) => <span className="nowrap">{formatDateTime(u.created_at, false)}</span> },
  ];
  return (
    <>
      <PageHeader
        title="Internal Users"
        description="People who use the gateway and the dashboard, with their roles."
        actions={
          allowed('user:create') && (
            <button type="button" className="button-primary" onClick={() => setInviting(true)}>
              + Invite user
            </button>
          )
        }
      />
      <div className="toolbar">
        <div className="field">
          <label htmlFor="filter-role">Role</label>
          <select id="filter-role" value={role} onChange={(e) => { setRole(e.target.value as UserRole | ''); setPage(1); }}>
            <option value="">Any role</option>
            {USER_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
      </div>
      {list.loading && !list.data && <Loading label="Loading users…" />}
      {list.error !== undefined && <ErrorNote error={list.error} onRetry={list.reload} />}
      {list.data && (
        <>
          <DataTable testId="users-table" caption="Users" columns={columns} rows={list.data.users} rowKey={(u) => u.user_id} empty={role ? 'No user has this role.' : 'No users yet.'} />
          <Pager label="Users" page={page} totalPages={list.data.total_pages} size={size} onPage={setPage} onSize={(n) => { setSize(n); setPage(1); }} />
        </>
      )}
      {inviting && <UserFormModal onClose={() => setInviting(false)} onSaved={() => list.reload()} />}
    </>
  );
}

export function UserDetail({ userId }: { userId: string }) {
  const router = useRouter();
  const { allowed, allowedOnAll, userId: self } = usePermissions();
  const visible = allowedOnAll('user:read') || (allowed('user:read') && userId === self);
  const info = useAsync(() => managementApi.userInfo(userId), [userId], visible);
  const teams = useTeams(visible);
  const [dialog, setDialog] = useState<'edit' | 'delete' | null>(null);
  const [message, setMessage] = useState<string>();
  if (!visible) return <NotAllowed what="this user" />;
  const user = info.data?.user_info;

  const keyColumns: Column<KeyInfo>[] = [
    { id: 'alias', header: 'Key alias', sortValue: (k) => k.key_alias, cell: (k) => <Link href={`/keys/?id=${encodeURIComponent(k.token)}`}>{k.key_alias ?? '(no alias)'}</Link> },
    { id: 'key', header: 'Key', cell: (k) => <span className="mono">{k.key_name}</span> },
    { id: 'spend', header: 'Spend / budget', align: 'right', sortValue: (k) => k.spend, cell: (k) => formatBudget(k.spend, k.max_budget) },
    { id: 'status', header: 'Status', cell: (k) => <KeyStatus keyInfo={k} /> },
  ];
  return (
    <>
      <p className="breadcrumb">
        <Link href="/users/">← All users</Link>
      </p>
      {info.loading && !user && <Loading label="Loading user…" />}
      {info.error !== undefined && <ErrorNote error={info.error} onRetry={info.reload} />}
      {user && info.data && (
        <>
          <PageHeader
            title={user.user_alias ?? user.user_id}
            description={user.user_email ?? undefined}
            actions={
              <>
                {allowedOnAll('user:update') && (
                  <button type="button" className="button-secondary" onClick={() => setDialog('edit')}>
                    Edit
                  </button>
                )}
                {allowed('user:delete') && user.user_id !== self && (
                  <button type="button" className="button-danger" onClick={() => setDialog('delete')}>
                    Delete
                  </button>
                )}
              </>
            }
          />
          {message && <Notice tone="success">{message}</Notice>}
          <section className="panel">
            <DetailList
              items={[
                ['User ID', <span key="id" className="mono">{user.user_id}</span>],
                ['Role', <RoleBadge key="role" role={user.user_role} />],
                ['Spend / budget', formatBudget(user.spend, user.max_budget)],
                ['Budget resets', user.budget_duration ? `every ${user.budget_duration}` : 'never'],
                ['Models', listOrAll(user.models)],
                [
                  'Teams',
                  info.data.teams.length === 0 ? (
                    'none'
                  ) : (
                    <ul key="teams" className="inline-list">
                      {info.data.teams.map((t) => (
                        <li key={t.team_id}>
                          <Link href={`/teams/?id=${encodeURIComponent(t.team_id)}`}>{teams.nameOf(t.team_id)}</Link> ({t.role === 'admin' ? 'admin' : 'member'})
                        </li>
                      ))}
                    </ul>
                  ),
                ],
                ['Created', formatDateTime(user.created_at)],
              ]}
            />
          </section>
          <section className="panel">
            <h2 className="section-title">Keys ({info.data.keys.length})</h2>
            <DataTable caption="The user's keys" columns={keyColumns} rows={info.data.keys} rowKey={(k) => k.token} empty="This user has no keys." />
          </section>
          {dialog === 'edit' && <UserFormModal existing={user} onClose={() => setDialog(null)} onSaved={() => { setMessage('User saved.'); info.reload(); }} />}
          {dialog === 'delete' && (
            <ConfirmDialog
              title="Delete this user?"
              confirmLabel="Delete user"
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await managementApi.deleteUsers([user.user_id]);
                router.push('/users/');
              }}
            >
              <p>
                <strong>{user.user_id}</strong> is deleted and their {info.data.keys.length} {info.data.keys.length === 1 ? 'key stops' : 'keys stop'} working. This cannot be undone.
              </p>
            </ConfirmDialog>
          )}
        </>
      )}
    </>
  );
}
