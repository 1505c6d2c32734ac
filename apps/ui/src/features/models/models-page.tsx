'use client';

import { useState } from 'react';
import { describeError } from '../../lib/api/api-error.ts';
import { deploymentHealth, type DeploymentHealth } from '../../lib/api/gateway-client.ts';
import { managementApi } from '../../lib/api/management-client.ts';
import type { ModelDeployment } from '../../lib/api/types.ts';
import { formatMoney } from '../../lib/format.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { ModelFormModal } from './model-form.tsx';

const pricePerMillion = (perToken: unknown) => (typeof perToken === 'number' ? formatMoney(perToken * 1_000_000) : '—');

type Dialog = { kind: 'add' } | { kind: 'edit'; model: ModelDeployment } | { kind: 'delete'; model: ModelDeployment } | null;
type HealthState = { status: 'idle' } | { status: 'checking' } | { status: 'unavailable' } | { status: 'admin-key-only' } | { status: 'error'; message: string } | { status: 'done'; result: DeploymentHealth };

export function ModelsPage() {
  const { allowed } = usePermissions();
  const models = useAsync(() => managementApi.modelInfo(), []);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<string>();
  const [health, setHealth] = useState<HealthState>({ status: 'idle' });
  const canWrite = allowed('model:write');

  const checkHealth = () => {
    setHealth({ status: 'checking' });
    deploymentHealth().then(
      (result) => setHealth(result === 'admin-key-only' ? { status: 'admin-key-only' } : result ? { status: 'done', result } : { status: 'unavailable' }),
      (error: unknown) => setHealth({ status: 'error', message: describeError(error) }),
    );
  };

  const columns: Column<ModelDeployment>[] = [
    { id: 'name', header: 'Model name', sortValue: (m) => m.model_name, cell: (m) => <strong className="cell-wrap">{m.model_name}</strong> },
    { id: 'upstream', header: 'Provider/model', sortValue: (m) => String(m.litellm_params.model ?? ''), cell: (m) => <span className="mono cell-wrap">{String(m.litellm_params.model ?? '—')}</span> },
    { id: 'base', header: 'API base', cell: (m) => <span className="cell-wrap">{typeof m.litellm_params.api_base === 'string' ? m.litellm_params.api_base : 'default'}</span> },
    { id: 'source', header: 'Source', sortValue: (m) => (m.model_info.db_model ? 'database' : 'config'), cell: (m) => <StatusBadge tone="neutral">{m.model_info.db_model ? 'Database' : 'Config file'}</StatusBadge> },
    { id: 'input', header: 'Input / 1M', align: 'right', sortValue: (m) => m.model_info.input_cost_per_token as number | undefined, cell: (m) => pricePerMillion(m.model_info.input_cost_per_token) },
    { id: 'output', header: 'Output / 1M', align: 'right', sortValue: (m) => m.model_info.output_cost_per_token as number | undefined, cell: (m) => pricePerMillion(m.model_info.output_cost_per_token) },
    // Only once a check has run: before that the column would be all dashes.
    ...(health.status === 'done'
      ? [
          {
            id: 'health',
            header: 'Health',
            cell: (m: ModelDeployment) => {
              const state = health.result.byDeployment.get(m.model_info.id) ?? health.result.byDeployment.get(m.model_name);
              if (!state) return <span className="muted">not checked</span>;
              return (
                <span title={state.error}>
                  <StatusBadge tone={state.healthy ? 'ok' : 'bad'}>{state.healthy ? 'Healthy' : 'Unhealthy'}</StatusBadge>
                </span>
              );
            },
          },
        ]
      : []),
    ...(canWrite
      ? [
          {
            id: 'actions',
            header: 'Actions',
            cell: (m: ModelDeployment) =>
              m.model_info.db_model ? (
                <div className="row-actions">
                  <button type="button" className="button-secondary" onClick={() => setDialog({ kind: 'edit', model: m })} aria-label={`Edit ${m.model_name}`}>
                    Edit
                  </button>
                  <button type="button" className="button-danger" onClick={() => setDialog({ kind: 'delete', model: m })} aria-label={`Delete ${m.model_name}`}>
                    Delete
                  </button>
                </div>
              ) : (
                <span className="muted" title="Change it in the config file">config</span>
              ),
          },
        ]
      : []),
  ];

  const data = models.data?.data ?? [];
  return (
    <>
      <PageHeader
        title="Models"
        description="Deployments from the config file and the database. Clients call them by model name; several deployments of one name share its traffic."
        actions={
          <>
            <button type="button" className="button-secondary" onClick={checkHealth} disabled={health.status === 'checking'}>
              {health.status === 'checking' ? 'Checking…' : 'Check health'}
            </button>
            {canWrite && (
              <button type="button" className="button-primary" onClick={() => setDialog({ kind: 'add' })}>
                + Add model
              </button>
            )}
          </>
        }
      />
      {message && <Notice tone="success">{message}</Notice>}
      {health.status === 'admin-key-only' && <Notice>Per-deployment health checks call every provider, so the gateway runs them only for the master key or a proxy admin's API key (GET /health), not for a dashboard login; the dashboard home shows whether the gateway itself is ready.</Notice>}
      {health.status === 'unavailable' && <Notice>This gateway has no per-deployment health check endpoint; the dashboard home shows whether the gateway itself is ready.</Notice>}
      {health.status === 'error' && <div className="notice notice-error" role="alert">Health check failed: {health.message}</div>}
      {models.loading && !models.data && <Loading label="Loading models…" />}
      {models.error !== undefined && <ErrorNote error={models.error} onRetry={models.reload} />}
      {models.data && (
        <>
          <DataTable testId="models-table" caption="Model deployments" columns={columns} rows={data} rowKey={(m) => m.model_info.id} empty={canWrite ? 'No models yet. Add one, or list them in the config file.' : 'No models are configured.'} />
          <p className="muted">
            {data.length} {data.length === 1 ? 'deployment' : 'deployments'}: {data.filter((m) => !m.model_info.db_model).length} from the config file, {data.filter((m) => m.model_info.db_model).length} from the database.
          </p>
        </>
      )}
      {dialog?.kind === 'add' && <ModelFormModal onClose={() => setDialog(null)} onSaved={() => { setMessage('Model added.'); models.reload(); }} />}
      {dialog?.kind === 'edit' && <ModelFormModal existing={dialog.model} onClose={() => setDialog(null)} onSaved={() => { setMessage('Model saved.'); models.reload(); }} />}
      {dialog?.kind === 'delete' && (
        <ConfirmDialog
          title="Delete this model?"
          confirmLabel="Delete model"
          onClose={() => setDialog(null)}
          onConfirm={async () => {
            await managementApi.deleteModel(dialog.model.model_info.id);
            setDialog(null);
            setMessage('Model deleted.');
            models.reload();
          }}
        >
          <p>
            Requests for <strong>{dialog.model.model_name}</strong> stop going to this deployment ({String(dialog.model.litellm_params.model ?? '')}).
          </p>
        </ConfirmDialog>
      )}
    </>
  );
}
