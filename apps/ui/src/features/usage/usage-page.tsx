'use client';

import { useMemo, useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { ReportGroup, SpendReportRow } from '../../lib/api/types.ts';
import { topWithOther, totalsPerDay, totalsPerModel } from '../../lib/charts/daily-series.ts';
import { daysAgo, formatCompact, formatDate, formatInteger, formatMoney, isoDay as todayOf } from '../../lib/format.ts';
import { dateRangeEnd, isoDay, required } from '../../lib/validators.ts';
import { BarChart } from '../../components/charts/bar-chart.tsx';
import { HorizontalBarChart } from '../../components/charts/horizontal-bar-chart.tsx';
import { LineChart } from '../../components/charts/line-chart.tsx';
import { DataTable, type Column } from '../../components/data-table.tsx';
import { PageHeader } from '../../components/detail-list.tsx';
import { TextField, useForm } from '../../components/form.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';
import { useTeams } from '../shared-data.ts';

type Range = { start_date: string; end_date: string };

const GROUPS: ReadonlyArray<{ id: ReportGroup; label: string }> = [
  { id: 'team', label: 'Team' },
  { id: 'key', label: 'Key' },
  { id: 'model', label: 'Model' },
  { id: 'customer', label: 'End user' },
  { id: 'user', label: 'User' },
  { id: 'tag', label: 'Tag' },
];

const moneyAxis = (value: number) => (value === 0 ? '$0' : value < 1 ? `$${Number(value.toPrecision(2))}` : `$${formatCompact(value)}`);
const dayLabel = (day: string) => formatDate(day).replace(/ \d{4}$/, '');

function RangeForm({ range, onChange }: { range: Range; onChange: (range: Range) => void }) {
  const form = useForm<Range>(range, {
    start_date: required(isoDay, 'Choose a start date.'),
    end_date: (value, values) => required(dateRangeEnd(values.start_date), 'Choose an end date.')(value),
  });
  const preset = (days: number) => {
    const next = { start_date: daysAgo(days - 1), end_date: todayOf(new Date()) };
    form.reset(next);
    onChange(next);
  };
  return (
    <form className="toolbar" onSubmit={form.submit(async (values) => onChange(values))} noValidate aria-label="Date range">
      <TextField form={form} name="start_date" label="From" type="date" />
      <TextField form={form} name="end_date" label="To" type="date" />
      <div className="toolbar-actions">
        <button type="submit" className="button-primary">
          Show
        </button>
        {[7, 30, 90].map((days) => (
          <button key={days} type="button" className="button-secondary" onClick={() => preset(days)}>
            Last {days} days
          </button>
        ))}
      </div>
    </form>
  );
}

function Totals({ spend, requests, tokens }: { spend: number; requests: number; tokens: number }) {
  return (
    <div className="cards">
      <div className="card">
        <div className="stat-label">Spend</div>
        <div className="stat-value" data-testid="usage-total-spend">{formatMoney(spend)}</div>
      </div>
      <div className="card">
        <div className="stat-label">Requests</div>
        <div className="stat-value" data-testid="usage-total-requests">{formatInteger(requests)}</div>
      </div>
      <div className="card">
        <div className="stat-label">Tokens</div>
        <div className="stat-value">{formatInteger(tokens)}</div>
      </div>
    </div>
  );
}

function Breakdown({ rows, nameOf, groupLabel }: { rows: readonly SpendReportRow[]; nameOf: (group: string) => string; groupLabel: string }) {
  const named = rows.map((row) => ({ ...row, name: nameOf(row.group) }));
  const columns: Column<(typeof named)[number]>[] = [
    { id: 'name', header: groupLabel, sortValue: (r) => r.name, cell: (r) => <span className="cell-wrap" title={r.group}>{r.name}</span> },
    { id: 'spend', header: 'Spend', align: 'right', sortValue: (r) => r.spend, cell: (r) => formatMoney(r.spend) },
    { id: 'requests', header: 'Requests', align: 'right', sortValue: (r) => r.requests, cell: (r) => formatInteger(r.requests) },
    { id: 'failures', header: 'Failed', align: 'right', sortValue: (r) => r.failures, cell: (r) => formatInteger(r.failures) },
    { id: 'tokens', header: 'Tokens', align: 'right', sortValue: (r) => r.total_tokens, cell: (r) => formatInteger(r.total_tokens) },
  ];
  return (
    <div className="grid-2">
      <HorizontalBarChart testId="chart-breakdown" title={`Spend by ${groupLabel.toLowerCase()}`} data={topWithOther(named.map((r) => ({ ...r, group: r.name })), 9).map((r) => ({ label: r.group, value: r.spend }))} formatValue={formatMoney} />
      <DataTable testId="breakdown-table" caption={`Spend by ${groupLabel}`} columns={columns} rows={named} rowKey={(r) => r.group} empty="No spend in this range." />
    </div>
  );
}

export function UsagePage() {
  const { allowed } = usePermissions();
  const global = allowed('spend:global');
  const [range, setRange] = useState<Range>({ start_date: daysAgo(29), end_date: todayOf(new Date()) });
  const [group, setGroup] = useState<ReportGroup>('team');
  const teams = useTeams(global);
  const keys = useAsync(async () => new Map((await managementApi.listKeys({ size: 500 })).keys.map((key) => [key.token, key.key_alias ?? key.key_name])), [], global);

  const daily = useAsync(() => managementApi.dailyActivity(global ? 'key' : 'user', range), [range.start_date, range.end_date, global]);
  const totals = useAsync(
    async () => {
      if (global) {
        const spend = await managementApi.globalSpend(range);
        return { spend: spend.spend, requests: spend.requests, tokens: spend.total_tokens };
      }
      return undefined;
    },
    [range.start_date, range.end_date, global],
  );
  const report = useAsync(() => managementApi.spendReport(range, group), [range.start_date, range.end_date, group], global);

  const days = useMemo(() => (daily.data ? totalsPerDay(daily.data.results, range.start_date, range.end_date) : []), [daily.data, range]);
  const nameOf = (value: string) => {
    if (group === 'team') return teams.nameOf(value);
    if (group === 'key') return keys.data?.get(value) ?? `${value.slice(0, 10)}…`;
    return value === '' ? '(none)' : value;
  };
  const ownTotals = daily.data ? { spend: daily.data.metadata.total_spend, requests: daily.data.metadata.total_requests, tokens: daily.data.metadata.total_tokens } : undefined;
  const shownTotals = global ? totals.data : ownTotals;

  return (
    <>
      <PageHeader title="Usage" description={global ? 'Spend, requests and tokens across the gateway (UTC days).' : 'Your spend, requests and tokens (UTC days).'} />
      <RangeForm range={range} onChange={setRange} />
      {(totals.error ?? daily.error) !== undefined && <ErrorNote error={totals.error ?? daily.error} onRetry={() => { totals.reload(); daily.reload(); }} />}
      {shownTotals ? <Totals {...shownTotals} /> : (totals.loading || daily.loading) && <Loading label="Loading usage…" />}
      {daily.data && (
        <>
          <h2 className="section-title">Over time</h2>
          {global && <p className="muted">Charts count requests made with virtual keys; the totals above also include master-key requests.</p>}
          <div className="grid-2">
            <BarChart testId="chart-spend" title="Spend per day" data={days.map((d) => ({ label: d.date, value: d.spend }))} formatValue={moneyAxis} formatLabel={dayLabel} />
            <LineChart testId="chart-requests" title="Requests per day" labels={days.map((d) => d.date)} series={[{ name: 'Requests', values: days.map((d) => d.requests) }, { name: 'Failed', values: days.map((d) => d.failures) }]} formatValue={formatCompact} formatLabel={dayLabel} integerValues />
            <LineChart testId="chart-tokens" title="Tokens per day" labels={days.map((d) => d.date)} series={[{ name: 'Prompt', values: days.map((d) => d.promptTokens) }, { name: 'Completion', values: days.map((d) => d.completionTokens) }]} formatValue={formatCompact} formatLabel={dayLabel} integerValues />
          </div>
        </>
      )}
      <h2 className="section-title">Breakdown</h2>
      {global ? (
        <>
          <div className="segmented" role="group" aria-label="Group spend by">
            {GROUPS.map((option) => (
              <button key={option.id} type="button" aria-pressed={group === option.id} onClick={() => setGroup(option.id)}>
                {option.label}
              </button>
            ))}
          </div>
          {report.loading && !report.data && <Loading />}
          {report.error !== undefined && <ErrorNote error={report.error} onRetry={report.reload} />}
          {report.data && <Breakdown rows={report.data.data} nameOf={nameOf} groupLabel={GROUPS.find((g) => g.id === group)?.label ?? group} />}
        </>
      ) : (
        daily.data && <Breakdown rows={totalsPerModel(daily.data.results)} nameOf={(model) => model} groupLabel="Model" />
      )}
    </>
  );
}
