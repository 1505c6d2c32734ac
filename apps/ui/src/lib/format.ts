/** Display formatting shared by tables, cards and charts. */
import { isMasterKeyUser } from './api/types.ts';

export function formatMoney(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (value === 0) return '$0.00';
  const abs = Math.abs(value);
  // Gateway costs are often fractions of a cent: keep them readable instead of rounding to $0.00.
  if (abs < 0.01) return `${value < 0 ? '-' : ''}$${abs.toPrecision(2).replace(/0+$/, '').replace(/\.$/, '')}`;
  return `${value < 0 ? '-' : ''}$${abs.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

export function formatInteger(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.round(value).toLocaleString('en-US');
}

/** Axis labels: 950, 1.2k, 3.4M. */
export function formatCompact(value: number): string {
  const abs = Math.abs(value);
  const trim = (n: number) => n.toFixed(1).replace(/\.0$/, '');
  if (abs >= 1e9) return `${trim(value / 1e9)}B`;
  if (abs >= 1e6) return `${trim(value / 1e6)}M`;
  if (abs >= 1e3) return `${trim(value / 1e3)}k`;
  if (abs !== 0 && abs < 1) return String(Number(value.toPrecision(2)));
  return String(Math.round(value * 100) / 100);
}

/** Local time, e.g. "25 Nov 2026, 18:51:07"; tables leave the seconds out. */
export function formatDateTime(iso: string | null | undefined, withSeconds = true): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', ...(withSeconds ? { second: '2-digit' } : {}) });
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  if (Number.isNaN(date.getTime())) return '—';
  return date.toLocaleDateString('en-GB', { year: 'numeric', month: 'short', day: '2-digit', timeZone: iso.length === 10 ? 'UTC' : undefined });
}

export function formatLimit(value: number | null | undefined, unit = ''): string {
  if (value === null || value === undefined) return 'no limit';
  return `${formatInteger(value)}${unit}`;
}

export function formatBudget(spend: number | null | undefined, maxBudget: number | null | undefined): string {
  return maxBudget === null || maxBudget === undefined ? `${formatMoney(spend ?? 0)} / no limit` : `${formatMoney(spend ?? 0)} / ${formatMoney(maxBudget)}`;
}

/** A long id shortened for a table cell; the full id goes in the title. */
export function shortId(id: string | null | undefined, length = 10): string {
  if (!id) return '—';
  return id.length > length + 1 ? `${id.slice(0, length)}…` : id;
}

/** `YYYY-MM-DD` of a date in UTC (the daily aggregates are UTC days). */
export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function daysAgo(days: number, now = new Date()): string {
  return isoDay(new Date(now.getTime() - days * 86_400_000));
}

export function listOrAll(models: readonly string[] | null | undefined, all = 'all models'): string {
  return models && models.length > 0 ? models.join(', ') : all;
}

/** Who did something: the master key's login user and audit actor read as "master key". */
export function displayActor(actor: string | null | undefined): string {
  if (!actor) return '—';
  return isMasterKeyUser(actor) || actor === 'master_key' ? 'master key' : actor;
}
