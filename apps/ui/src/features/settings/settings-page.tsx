'use client';

import { managementApi } from '../../lib/api/management-client.ts';
import type { ModelGroup } from '../../lib/api/types.ts';
import { ACTIONS, ROLE_LABELS, scopeOf } from '../../lib/permissions.ts';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { DetailList, PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { usePermissions, useSession } from '../../components/session.tsx';
import { ErrorNote, Loading } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { AlertingPanel } from './alerting-panel.tsx';

const SCOPE_TEXT = { all: 'Everything', own: 'Own only', none: 'No' } as const;

/** A router setting as the page shows it: lists and maps as JSON, nothing as a dash. */
function settingText(value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'object') return Object.keys(value).length === 0 ? '—' : JSON.stringify(value);
  return String(value);
}

/**
 * How this gateway is set up: the router settings in force (the config file's, with `/config/update`'s over them),
 * the model groups the router balances across and where their deployments come from, alerting (admins change it
 * here), and what your role may do.
 */
export function SettingsPage() {
  const session = useSession();
  const { allowed } = usePermissions();
  const config = useAsync(() => managementApi.configCallbacks(), [], allowed('config:read'));
  const groups = useAsync(() => managementApi.modelGroups(), []);
  const models = useAsync(() => managementApi.modelInfo(), []);
  const deployments = models.data?.data ?? [];
  const groupColumns: Column<ModelGroup>[] = [
    { id: 'name', header: 'Model group', sortValue: (g) => g.model_group, cell: (g) => <strong>{g.model_group}</strong> },
    { id: 'deployments', header: 'Deployments', align: 'right', sortValue: (g) => g.deployments, cell: (g) => String(g.deployments) },
    { id: 'providers', header: 'Providers', cell: (g) => g.providers.join(', ') },
    {
      id: 'routing',
      header: 'Routing',
      cell: (g) => (g.deployments > 1 ? `shared across ${g.deployments} deployments` : 'single deployment'),
    },
  ];
  const permissionRows = ACTIONS.map((action) => ({ action, scope: scopeOf(session.user_role, action) }));
  return (
    <>
      <PageHeader title="Settings" description="How this gateway is set up. Router settings come from the config file's router_settings, with /config/update's over them." />
      <section className="panel">
        <h2>Your session</h2>
        <DetailList
          items={[
            ['Logged in as', session.user_id ?? 'master key'],
            ['Role', ROLE_LABELS[session.user_role] ?? session.user_role],
            ['Authenticated by', session.via === 'session' ? 'dashboard login (cookie)' : session.via],
          ]}
        />
      </section>
      <section className="panel">
        <h2>Routing</h2>
        {models.data && (
          <DetailList
            items={[
              ['Model groups', String(groups.data?.data.length ?? '…')],
              ['Deployments', String(deployments.length)],
              ['From the config file', String(deployments.filter((m) => !m.model_info.db_model).length)],
              ['From the database', String(deployments.filter((m) => m.model_info.db_model).length)],
            ]}
          />
        )}
        {groups.loading && !groups.data && <Loading />}
        {(groups.error ?? models.error) !== undefined && <ErrorNote error={groups.error ?? models.error} onRetry={() => { groups.reload(); models.reload(); }} />}
        {groups.data && <DataTable caption="Model groups" columns={groupColumns} rows={groups.data.data} rowKey={(g) => g.model_group} empty="No models are configured." />}
      </section>
      {allowed('config:read') && (
        <section className="panel" aria-label="Router settings">
          <h2>Router settings in force</h2>
          {config.loading && !config.data && <Loading />}
          {config.error !== undefined && <ErrorNote error={config.error} onRetry={config.reload} />}
          {config.data && <DetailList items={Object.entries(config.data.router_settings).map(([key, value]) => [key, <span key={key} className="mono cell-wrap">{settingText(value)}</span>] as const)} />}
        </section>
      )}
      {config.data && <AlertingPanel slack={config.data.alerts.find((entry) => entry.name === 'slack')} canWrite={allowed('config:write')} onSaved={config.reload} />}
      <section className="panel">
        <h2>What your role may do</h2>
        <DataTable
          caption="Permissions of your role"
          columns={[
            { id: 'action', header: 'Action', sortValue: (r) => r.action, cell: (r) => <span className="mono">{r.action}</span> },
            { id: 'scope', header: 'Allowed', sortValue: (r) => r.scope, cell: (r) => <StatusBadge tone={r.scope === 'all' ? 'ok' : r.scope === 'own' ? 'warn' : 'neutral'}>{SCOPE_TEXT[r.scope]}</StatusBadge> },
          ]}
          rows={permissionRows}
          rowKey={(r) => r.action}
          empty="—"
        />
      </section>
    </>
  );
}
