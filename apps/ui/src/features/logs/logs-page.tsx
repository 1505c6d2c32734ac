'use client';

import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { SpendLog } from '../../lib/api/types.ts';
import { formatDateTime, formatInteger, formatMoney, shortId } from '../../lib/format.ts';
import { dateRangeEnd, isoDay, name, optional, text } from '../../lib/validators.ts';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { DetailList, JsonBlock, PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { TextField, useForm } from '../../components/form.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { errorOf } from './error-of.ts';

const FILTERS = ['api_key', 'user_id', 'team_id', 'request_id', 'start_date', 'end_date'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** A body the gateway kept (store_prompts_in_spend_logs); rows without one carry `{}`, as LiteLLM's do. */
const hasBody = (body: Record<string, unknown> | undefined): body is Record<string, unknown> => body !== undefined && body !== null && Object.keys(body).length > 0;

const durationMs = (log: SpendLog) => Date.parse(log.end_time) - Date.parse(log.start_time);

function StatusOf({ log }: { log: SpendLog }) {
  return <StatusBadge tone={log.status === 'success' ? 'ok' : 'bad'}>{log.status === 'success' ? 'Success' : 'Failed'}</StatusBadge>;
}

export function LogsList() {
  const router = useRouter();
  const params = useSearchParams();
  const { allowedOnAll } = usePermissions();
  const fromUrl = Object.fromEntries(FILTERS.map((field) => [field, params.get(field) ?? ''])) as Filters;
  const [filters, setFilters] = useState<Filters>(fromUrl);
  const [page, setPage] = useState(1);
  const size = 50;
  const form = useForm<Filters>(fromUrl, {
    api_key: optional(text),
    user_id: optional(name),
    team_id: optional(name),
    request_id: optional((value) => (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value.trim()) ? undefined : 'A request ID looks like 0190f1c2-…: 36 characters with dashes.')),
    start_date: optional(isoDay),
    end_date: (value, values) => (value === '' ? undefined : dateRangeEnd(values.start_date)(value)),
  });
  const logs = useAsync(
    () => managementApi.spendLogs({ page, size, ...Object.fromEntries(Object.entries(filters).map(([field, value]) => [field, value.trim() || undefined])) }),
    [page, filters],
  );

  const apply = form.submit(async (values) => {
    setPage(1);
    setFilters(values);
    const query = new URLSearchParams(Object.entries(values).filter(([, value]) => value.trim() !== ''));
    router.replace(`/logs/${query.size > 0 ? `?${query}` : ''}`);
  });

  const columns: Column<SpendLog>[] = [
    { id: 'time', header: 'Time', sortValue: (l) => l.start_time, cell: (l) => <Link href={`/logs/?id=${encodeURIComponent(l.request_id)}`} className="nowrap">{formatDateTime(l.start_time)}</Link> },
    { id: 'status', header: 'Status', sortValue: (l) => l.status, cell: (l) => <StatusOf log={l} /> },
    { id: 'model', header: 'Model', sortValue: (l) => l.model_group ?? l.model, cell: (l) => <span className="cell-wrap">{l.model_group ?? l.model}</span> },
    { id: 'key', header: 'Key', cell: (l) => (l.api_key ? <Link href={`/keys/?id=${encodeURIComponent(l.api_key)}`} className="mono" title={l.api_key}>{shortId(l.api_key, 8)}</Link> : 'master key') },
    { id: 'user', header: 'User', sortValue: (l) => l.user_id, cell: (l) => <span className="cell-wrap">{l.user_id ?? '—'}</span> },
    { id: 'team', header: 'Team', sortValue: (l) => l.team_id, cell: (l) => <span className="mono" title={l.team_id ?? undefined}>{shortId(l.team_id, 8)}</span> },
    { id: 'tokens', header: 'Tokens (in / out)', align: 'right', sortValue: (l) => l.total_tokens, cell: (l) => `${formatInteger(l.prompt_tokens)} / ${formatInteger(l.completion_tokens)}` },
    { id: 'cost', header: 'Cost', align: 'right', sortValue: (l) => l.spend, cell: (l) => formatMoney(l.spend) },
    { id: 'duration', header: 'Duration', align: 'right', sortValue: durationMs, cell: (l) => `${formatInteger(durationMs(l))} ms` },
  ];

  return (
    <>
      <PageHeader title="Logs" description={allowedOnAll('spend:read') ? 'Every request through the gateway, newest first.' : 'Your requests, newest first.'} />
      <form className="panel form" onSubmit={apply} noValidate aria-label="Filter logs">
        <div className="field-row">
          <TextField form={form} name="api_key" label="Key (raw or hash)" />
          {allowedOnAll('spend:read') && <TextField form={form} name="user_id" label="User ID" />}
          <TextField form={form} name="team_id" label="Team ID" />
          <TextField form={form} name="request_id" label="Request ID" />
          <TextField form={form} name="start_date" label="From" type="date" />
          <TextField form={form} name="end_date" label="To" type="date" />
        </div>
        <div className="form-actions">
          <button type="button" className="button-secondary" onClick={() => { const empty = Object.fromEntries(FILTERS.map((f) => [f, ''])) as Filters; form.reset(empty); setFilters(empty); setPage(1); router.replace('/logs/'); }}>
            Clear
          </button>
          <button type="submit" className="button-primary">
            Apply filters
          </button>
        </div>
      </form>
      {logs.loading && !logs.data && <Loading label="Loading requests…" />}
      {logs.error !== undefined && <ErrorNote error={logs.error} onRetry={logs.reload} />}
      {logs.data && (
        <>
          <div className="toolbar-actions">
            <button type="button" className="button-secondary" onClick={logs.reload} disabled={logs.loading}>
              {logs.loading ? 'Refreshing…' : 'Refresh'}
            </button>
          </div>
          <DataTable testId="logs-table" caption="Request log" columns={columns} rows={logs.data.data} rowKey={(l) => `${l.request_id}-${l.start_time}`} empty="No requests match. Requests appear here a second or two after they finish." />
          <Pager label="Logs" page={page} hasMore={logs.data.has_more} size={size} onPage={setPage} />
        </>
      )}
    </>
  );
}

export function LogDetail({ requestId }: { requestId: string }) {
  const log = useAsync(async () => (await managementApi.spendLogs({ request_id: requestId, size: 1 })).data[0] ?? null, [requestId]);
  const entry = log.data;
  const error = entry ? errorOf(entry.metadata) : undefined;
  return (
    <>
      <p className="breadcrumb">
        <Link href="/logs/">← All requests</Link>
      </p>
      <PageHeader title="Request" description={<span className="mono">{requestId}</span>} />
      {log.loading && <Loading label="Loading request…" />}
      {log.error !== undefined && <ErrorNote error={log.error} onRetry={log.reload} />}
      {entry === null && <div className="empty">No request has this ID (or it is not yours to see).</div>}
      {entry && (
        <>
          <section className="panel" data-testid="log-detail">
            <DetailList
              items={[
                ['Status', <StatusOf key="s" log={entry} />],
                ...(error ? [['Error', <span key="e" data-testid="log-error">{error}</span>] as const] : []),
                ['Model', entry.model_group ?? entry.model],
                ['Upstream model', entry.model],
                ['Provider', entry.provider],
                ['Deployment', entry.deployment_id],
                ['Call type', entry.call_type],
                ['Started', formatDateTime(entry.start_time)],
                ['Duration', `${formatInteger(durationMs(entry))} ms`],
                ['Time to first token', entry.time_to_first_token_ms === null ? '—' : `${formatInteger(entry.time_to_first_token_ms)} ms`],
                ['Prompt tokens', formatInteger(entry.prompt_tokens)],
                ['Completion tokens', formatInteger(entry.completion_tokens)],
                ['Cost', formatMoney(entry.spend)],
                ['Key', entry.api_key ? <Link key="k" href={`/keys/?id=${encodeURIComponent(entry.api_key)}`} className="mono">{shortId(entry.api_key, 16)}</Link> : 'master key'],
                ['User', entry.user_id],
                ['Team', entry.team_id ? <Link key="t" href={`/teams/?id=${encodeURIComponent(entry.team_id)}`}>{entry.team_id}</Link> : null],
                ['End user', entry.end_user],
                ['Cache hit', entry.cache_hit === 'True' ? `yes — saved ${formatMoney(Number(entry.metadata.cache_saved_spend ?? 0))}` : 'no'],
              ]}
            />
          </section>
          {hasBody(entry.proxy_server_request) && (
            <section className="panel" data-testid="log-request-body">
              <h2>Request</h2>
              <JsonBlock value={entry.proxy_server_request} label="Request body" />
            </section>
          )}
          {hasBody(entry.response) && (
            <section className="panel" data-testid="log-response-body">
              <h2>Response</h2>
              <JsonBlock value={entry.response} label="Response body" />
            </section>
          )}
          <section className="panel">
            <h2>Metadata</h2>
            <JsonBlock value={entry.metadata} label="Request metadata" />
          </section>
        </>
      )}
    </>
  );
}
