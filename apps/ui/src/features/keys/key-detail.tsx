'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { GeneratedKey } from '../../lib/api/types.ts';
import { displayActor, formatBudget, formatDateTime, formatLimit, formatMoney, listOrAll } from '../../lib/format.ts';
import { duration, optional } from '../../lib/validators.ts';
import { ConfirmDialog } from '../../components/confirm-dialog.tsx';
import { SecretReveal } from '../../components/copy-button.tsx';
import { DetailList, PageHeader } from '../../components/detail-list.tsx';
import { FormFooter, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, Notice } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useTeams } from '../shared-data.ts';
import { KeyFormModal } from './key-form.tsx';
import { KeyStatus } from './key-status.tsx';

function RegenerateModal({ token, onClose, onDone }: { token: string; onClose: () => void; onDone: (key: GeneratedKey) => void }) {
  const form = useForm({ grace_period: '' }, { grace_period: optional(duration) });
  const [result, setResult] = useState<GeneratedKey>();
  const onSubmit = form.submit(async (values) => {
    const regenerated = await managementApi.regenerateKey(token, values.grace_period.trim() || undefined);
    setResult(regenerated);
  });
  if (result) {
    return (
      <Modal title="Key regenerated" onClose={() => onDone(result)}>
        <SecretReveal secret={result.key} />
        <p className="muted">{result.old_key_expires ? `The old key keeps working until ${formatDateTime(result.old_key_expires)}.` : 'The old key no longer works.'}</p>
        <div className="form-actions">
          <button type="button" className="button-primary" onClick={() => onDone(result)}>
            Done
          </button>
        </div>
      </Modal>
    );
  }
  return (
    <Modal title="Regenerate key" onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate>
        <p>A new secret replaces this key; its alias, limits and spend move to the new one. Apps using the old key must switch.</p>
        <TextField form={form} name="grace_period" label="Old key keeps working for" hint="e.g. 1h or 7d; blank: it stops at once." />
        <FormFooter form={form} submitLabel="Regenerate" onCancel={onClose} />
      </form>
    </Modal>
  );
}

type Dialog = 'edit' | 'delete' | 'block' | 'regenerate' | null;

export function KeyDetail({ token }: { token: string }) {
  const router = useRouter();
  const { allowed } = usePermissions();
  const teams = useTeams();
  const info = useAsync(() => managementApi.keyInfo(token), [token]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [message, setMessage] = useState<string>();
  const key = info.data?.info;

  return (
    <>
      <p className="breadcrumb">
        <Link href="/keys/">← All keys</Link>
      </p>
      {info.loading && !key && <Loading label="Loading key…" />}
      {info.error !== undefined && <ErrorNote error={info.error} onRetry={info.reload} />}
      {key && (
        <>
          <PageHeader
            title={key.key_alias ?? 'Virtual key'}
            description={<span className="mono">{key.key_name}</span>}
            actions={
              <>
                {allowed('key:update') && (
                  <button type="button" className="button-secondary" onClick={() => setDialog('edit')}>
                    Edit
                  </button>
                )}
                {allowed('key:block') && (
                  <button type="button" className="button-secondary" onClick={() => setDialog('block')}>
                    {key.blocked ? 'Unblock' : 'Block'}
                  </button>
                )}
                {allowed('key:regenerate') && (
                  <button type="button" className="button-secondary" onClick={() => setDialog('regenerate')}>
                    Regenerate
                  </button>
                )}
                {allowed('key:delete') && (
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
                ['Status', <KeyStatus key="status" keyInfo={key} />],
                ['Spend / budget', formatBudget(key.spend, key.max_budget)],
                ['Budget resets', key.budget_duration ? `every ${key.budget_duration}${key.budget_reset_at ? `, next ${formatDateTime(key.budget_reset_at)}` : ''}` : 'never'],
                ['Requests per minute', formatLimit(key.rpm_limit)],
                ['Tokens per minute', formatLimit(key.tpm_limit)],
                ['Parallel requests', formatLimit(key.max_parallel_requests)],
                ['Models', listOrAll(key.models)],
                ['Team', key.team_id ? <Link key="team" href={`/teams/?id=${encodeURIComponent(key.team_id)}`}>{teams.nameOf(key.team_id)}</Link> : '—'],
                ['User', key.user_id],
                ['Expires', key.expires ? formatDateTime(key.expires) : 'never'],
                ['Last used', formatDateTime(key.last_active)],
                ['Created', `${formatDateTime(key.created_at)}${key.created_by ? ` by ${displayActor(key.created_by)}` : ''}`],
                ['Rotations', String(key.rotation_count)],
                ['Hash (token)', <span key="token" className="mono">{key.token}</span>],
              ]}
            />
          </section>
          {Object.keys(key.model_spend ?? {}).length > 0 && (
            <section className="panel">
              <h2>Spend by model</h2>
              <DetailList items={Object.entries(key.model_spend).map(([model, spend]) => [model, formatMoney(spend)] as const)} />
            </section>
          )}
          <p>
            <Link href={`/logs/?api_key=${encodeURIComponent(key.token)}`}>Requests made with this key →</Link>
          </p>
          {dialog === 'edit' && <KeyFormModal existing={key} onClose={() => setDialog(null)} onSaved={() => { setMessage('Key saved.'); info.reload(); }} />}
          {dialog === 'block' && (
            <ConfirmDialog
              title={key.blocked ? 'Unblock this key?' : 'Block this key?'}
              confirmLabel={key.blocked ? 'Unblock' : 'Block'}
              destructive={!key.blocked}
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await (key.blocked ? managementApi.unblockKey(key.token) : managementApi.blockKey(key.token));
                setDialog(null);
                setMessage(key.blocked ? 'Key unblocked.' : 'Key blocked: the gateway refuses it now.');
                info.reload();
              }}
            >
              <p>{key.blocked ? 'Requests with this key will be accepted again.' : 'Every request with this key will be refused until you unblock it.'}</p>
            </ConfirmDialog>
          )}
          {dialog === 'regenerate' && (
            <RegenerateModal
              token={key.token}
              onClose={() => setDialog(null)}
              onDone={(created) => {
                setDialog(null);
                router.replace(`/keys/?id=${encodeURIComponent(created.token)}`);
              }}
            />
          )}
          {dialog === 'delete' && (
            <ConfirmDialog
              title="Delete this key?"
              confirmLabel="Delete key"
              onClose={() => setDialog(null)}
              onConfirm={async () => {
                await managementApi.deleteKeys([key.token]);
                router.push('/keys/');
              }}
            >
              <p>
                <strong>{key.key_alias ?? key.key_name}</strong> stops working at once. This cannot be undone.
              </p>
            </ConfirmDialog>
          )}
        </>
      )}
    </>
  );
}
