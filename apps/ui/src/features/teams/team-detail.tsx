'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import { TEAM_ROLES, type KeyInfo, type TeamMember, type TeamRole } from '../../lib/api/types.ts';
import { formatBudget, formatDateTime, formatLimit, listOrAll } from '../../lib/format.ts';
import { canManageTeamMembers, canManageTeamModels, scopeOf } from '../../lib/permissions.ts';
import { email, name, nameList, parseList, required } from '../../lib/validators.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { DetailList, PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { FormFooter, SelectField, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { KeyStatus } from '../keys/key-status.tsx';
import { useOrganizations } from '../shared-data.ts';
import { TeamFormModal } from './team-form.tsx';

const ROLE_OPTIONS = TEAM_ROLES.map((role) => ({ value: role, label: role === 'admin' ? 'Admin (manages members and keys)' : 'Member' }));

function AddMemberModal({ teamId, onClose, onAdded }: { teamId: string; onClose: () => void; onAdded: () => void }) {
  const form = useForm(
    { member: '', role: 'user' },
    { member: required((value) => (value.includes('@') ? email(value) : name(value)), 'Enter a user ID or an email address.') },
  );
  const onSubmit = form.submit(async (values) => {
    const member = values.member.trim();
    await managementApi.addTeamMember(teamId, { role: values.role as TeamRole, ...(member.includes('@') ? { user_email: member } : { user_id: member }) });
    onAdded();
    onClose();
  });
  return (
    <Modal title="Add a member" onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Add member">
        <TextField form={form} name="member" label="User ID or email" hint="The user must exist (Internal Users). A team admin cannot add a user whose role is above their own." />
        <SelectField form={form} name="role" label="Role in the team" options={ROLE_OPTIONS} />
        <FormFooter form={form} submitLabel="Add member" onCancel={onClose} />
      </form>
    </Modal>
  );
}

function AddModelsModal({ teamId, unrestricted, bounded, onClose, onAdded }: { teamId: string; unrestricted: boolean; bounded: boolean; onClose: () => void; onAdded: () => void }) {
  const form = useForm({ models: '' }, { models: required(nameList, 'Enter at least one model.') });
  const onSubmit = form.submit(async (values) => {
    await managementApi.addTeamModels(teamId, parseList(values.models));
    onAdded();
    onClose();
  });
  const hints = [
    unrestricted ? 'The team may call every model now: adding models limits it to them.' : '',
    bounded ? 'As a team admin you may add only models the team’s organization allows or an admin granted the team.' : '',
  ].filter((hint) => hint !== '');
  return (
    <Modal title="Add models" onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Add models">
        <TextField form={form} name="models" label="Models" hint={['Model names or access groups, comma-separated.', ...hints].join(' ')} />
        <FormFooter form={form} submitLabel="Add models" onCancel={onClose} />
      </form>
    </Modal>
  );
}

type TeamModel = { name: string };

type Dialog = { kind: 'edit' } | { kind: 'delete' } | { kind: 'block' } | { kind: 'add-member' } | { kind: 'remove-member'; member: TeamMember } | { kind: 'add-models' } | { kind: 'remove-model'; model: string } | null;

export function TeamDetail({ teamId }: { teamId: string }) {
  const router = useRouter();
  const { role, userId, allowed } = usePermissions();
  const organizations = useOrganizations(allowed('organization:read'));
  const info = useAsync(() => managementApi.teamInfo(teamId), [teamId]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<string>();
  const team = info.data?.team_info;
  const myTeamRole = team?.members_with_roles.find((member) => member.user_id === userId)?.role;
  const manageMembers = canManageTeamMembers(role, myTeamRole);
  const manageModels = canManageTeamModels(role, myTeamRole);
  // A team admin (scope `own`) may never remove the last model: an empty list allows every model.
  const boundedModels = scopeOf(role, 'team:models') === 'own';
  const removableModel = (models: readonly string[]) => manageModels && !(boundedModels && models.length <= 1);

  const memberColumns: Column<TeamMember>[] = [
    { id: 'user', header: 'User', sortValue: (m) => m.user_id, cell: (m) => (allowed('user:list') ? <Link href={`/users/?id=${encodeURIComponent(m.user_id)}`}>{m.user_id}</Link> : m.user_id) },
    { id: 'role', header: 'Role', sortValue: (m) => m.role, cell: (m) => <StatusBadge tone={m.role === 'admin' ? 'warn' : 'neutral'}>{m.role === 'admin' ? 'Admin' : 'Member'}</StatusBadge> },
    ...(manageMembers
      ? [
          {
            id: 'actions',
            header: 'Actions',
            cell: (m: TeamMember) => (
              <button type="button" className="button-secondary" onClick={() => setDialog({ kind: 'remove-member', member: m })} aria-label={`Remove ${m.user_id}`}>
                Remove
              </button>
            ),
          },
        ]
      : []),
  ];
  const modelColumns: Column<TeamModel>[] = [
    { id: 'model', header: 'Model', sortValue: (m) => m.name, cell: (m) => <span className="mono">{m.name}</span> },
    {
      id: 'actions',
      header: 'Actions',
      cell: (m: TeamModel) =>
        team && removableModel(team.models) ? (
          <button type="button" className="button-secondary" onClick={() => setDialog({ kind: 'remove-model', model: m.name })} aria-label={`Remove model ${m.name}`}>
            Remove
          </button>
        ) : (
          '—'
        ),
    },
  ];
  const keyColumns: Column<KeyInfo>[] = [
    { id: 'alias', header: 'Key alias', sortValue: (k) => k.key_alias, cell: (k) => <Link href={`/keys/?id=${encodeURIComponent(k.token)}`}>{k.key_alias ?? '(no alias)'}</Link> },
    { id: 'key', header: 'Key', cell: (k) => <span className="mono">{k.key_name}</span> },
    { id: 'user', header: 'User', sortValue: (k) => k.user_id, cell: (k) => k.user_id ?? '—' },
    { id: 'spend', header: 'Spend / budget', align: 'right', sortValue: (k) => k.spend, cell: (k) => formatBudget(k.spend, k.max_budget) },
    { id: 'status', header: 'Status', cell: (k) => <KeyStatus keyInfo={k} /> },
  ];

  return (
    <>
      <p className="breadcrumb">
        <Link href="/teams/">← All teams</Link>
      </p>
      {info.loading && !team && <Loading label="Loading team…" />}
      {info.error !== undefined && <ErrorNote error={info.error} onRetry={info.reload} />}
      {team && info.data && (
        <>
          <PageHeader
            title={team.team_alias ?? team.team_id}
            description={<span className="mono">{team.team_id}</span>}
            actions={
              <>
                {allowed('team:update') && (
                  <button type="button" className="button-secondary" onClick={() => setDialog({ kind: 'edit' })}>
                    Edit
                  </button>
                )}
                {allowed('team:block') && (
                  <button type="button" className="button-secondary" onClick={() => setDialog({ kind: 'block' })}>
                    {team.blocked ? 'Unblock' : 'Block'}
                  </button>
                )}
                {allowed('team:delete') && (
                  <button type="button" className="button-danger" onClick={() => setDialog({ kind: 'delete' })}>
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
                ['Status', <StatusBadge key="s" tone={team.blocked ? 'bad' : 'ok'}>{team.blocked ? 'Blocked' : 'Active'}</StatusBadge>],
                ['Organization', organizations.nameOf(team.organization_id)],
                ['Spend / budget', formatBudget(team.spend, team.max_budget)],
                ['Budget resets', team.budget_duration ? `every ${team.budget_duration}` : 'never'],
                ['Requests per minute', formatLimit(team.rpm_limit)],
                ['Tokens per minute', formatLimit(team.tpm_limit)],
                ['Models', listOrAll(team.models)],
                ['Created', formatDateTime(team.created_at)],
              ]}
            />
          </section>
          {manageModels && (
            <section className="panel">
              <div className="page-header">
                <h2 className="section-title">Models ({team.models.length})</h2>
                <button type="button" className="button-primary" onClick={() => setDialog({ kind: 'add-models' })}>
                  + Add models
                </button>
              </div>
              <DataTable caption="Team models" columns={modelColumns} rows={team.models.map((model) => ({ name: model }))} rowKey={(m) => m.name} empty="No list: the team may call every model." testId="team-models-table" />
            </section>
          )}
          <section className="panel">
            <div className="page-header">
              <h2 className="section-title">Members ({team.members_with_roles.length})</h2>
              {manageMembers && (
                <button type="button" className="button-primary" onClick={() => setDialog({ kind: 'add-member' })}>
                  + Add member
                </button>
              )}
            </div>
            <DataTable caption="Team members" columns={memberColumns} rows={team.members_with_roles} rowKey={(m) => m.user_id} empty="No members yet." testId="members-table" />
          </section>
          <section className="panel">
            <h2 className="section-title">Keys ({info.data.keys.length})</h2>
            <DataTable caption="Team keys" columns={keyColumns} rows={info.data.keys} rowKey={(k) => k.token} empty="No keys belong to this team." />
          </section>
          {dialog?.kind === 'edit' && <TeamFormModal existing={team} onClose={() => setDialog(null)} onSaved={() => { setMessage('Team saved.'); info.reload(); }} />}
          {dialog?.kind === 'add-member' && <AddMemberModal teamId={team.team_id} onClose={() => setDialog(null)} onAdded={() => { setMessage('Member added.'); info.reload(); }} />}
          {dialog?.kind === 'add-models' && (
            <AddModelsModal teamId={team.team_id} unrestricted={team.models.length === 0} bounded={boundedModels} onClose={() => setDialog(null)} onAdded={() => { setMessage('Models added.'); info.reload(); }} />
          )}
          {dialog?.kind === 'remove-model' && (
            <ConfirmDialog
              title="Remove this model?"
              confirmLabel="Remove model"
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await managementApi.removeTeamModels(team.team_id, [dialog.model]);
                setDialog(null);
                setMessage('Model removed.');
                info.reload();
              }}
            >
              <p>
                <strong>{dialog.model}</strong> leaves the team’s model list; its keys keep only what the rest of the list allows.
              </p>
            </ConfirmDialog>
          )}
          {dialog?.kind === 'remove-member' && (
            <ConfirmDialog
              title="Remove this member?"
              confirmLabel="Remove member"
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await managementApi.removeTeamMember(team.team_id, dialog.member.user_id);
                setDialog(null);
                setMessage('Member removed.');
                info.reload();
              }}
            >
              <p>
                <strong>{dialog.member.user_id}</strong> leaves the team. Their keys in this team stay until you delete them.
              </p>
            </ConfirmDialog>
          )}
          {dialog?.kind === 'block' && (
            <ConfirmDialog
              title={team.blocked ? 'Unblock this team?' : 'Block this team?'}
              confirmLabel={team.blocked ? 'Unblock' : 'Block team'}
              destructive={!team.blocked}
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await (team.blocked ? managementApi.unblockTeam(team.team_id) : managementApi.blockTeam(team.team_id));
                setDialog(null);
                setMessage(team.blocked ? 'Team unblocked.' : 'Team blocked: its keys are refused now.');
                info.reload();
              }}
            >
              <p>{team.blocked ? 'The team’s keys will work again.' : 'Every key of this team will be refused until you unblock it.'}</p>
            </ConfirmDialog>
          )}
          {dialog?.kind === 'delete' && (
            <ConfirmDialog
              title="Delete this team?"
              confirmLabel="Delete team"
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await managementApi.deleteTeams([team.team_id]);
                router.push('/teams/');
              }}
            >
              <p>
                <strong>{team.team_alias ?? team.team_id}</strong> is deleted and its {info.data.keys.length} {info.data.keys.length === 1 ? 'key stops' : 'keys stop'} working. This cannot be undone.
              </p>
            </ConfirmDialog>
          )}
        </>
      )}
    </>
  );
}
