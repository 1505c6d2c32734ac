'use client';

import Link from 'next/link';
import { managementApi } from '../src/lib/api/management-client.ts';
import { daysAgo, formatInteger, formatMoney, isoDay } from '../src/lib/format.ts';
import { navItemsFor } from '../src/lib/permissions.ts';
import { PageHeader } from '../src/components/detail-list.tsx';
import { usePermissions } from '../src/components/session.tsx';
import { ErrorNote, Loading } from '../src/components/states.tsx';
import { StatusCards } from '../src/components/status-cards.tsx';
import { useAsync } from '../src/components/use-async.ts';

function SpendSummary() {
  const { allowed } = usePermissions();
  const range = { start_date: daysAgo(29), end_date: isoDay(new Date()) };
  const global = allowed('spend:global');
  const totals = useAsync(async () => {
    if (global) {
      const spend = await managementApi.globalSpend(range);
      return { spend: spend.spend, requests: spend.requests, tokens: spend.total_tokens };
    }
    const own = await managementApi.dailyActivity('user', range);
    return { spend: own.metadata.total_spend, requests: own.metadata.total_requests, tokens: own.metadata.total_tokens };
  }, [global]);

  return (
    <section aria-labelledby="spend-heading">
      <h2 id="spend-heading" className="section-title">
        {global ? 'Last 30 days, all traffic' : 'Your last 30 days'}
      </h2>
      {totals.loading && <Loading />}
      {totals.error !== undefined && <ErrorNote error={totals.error} onRetry={totals.reload} />}
      {totals.data && (
        <div className="cards">
          <div className="card">
            <div className="stat-label">Spend</div>
            <div className="stat-value" data-testid="home-spend">{formatMoney(totals.data.spend)}</div>
          </div>
          <div className="card">
            <div className="stat-label">Requests</div>
            <div className="stat-value">{formatInteger(totals.data.requests)}</div>
          </div>
          <div className="card">
            <div className="stat-label">Tokens</div>
            <div className="stat-value">{formatInteger(totals.data.tokens)}</div>
          </div>
        </div>
      )}
    </section>
  );
}

export default function DashboardHome() {
  const { role } = usePermissions();
  const links = navItemsFor(role).filter((item) => item.href !== '/');
  return (
    <>
      <PageHeader title="Dashboard" description="Health of the services and what the gateway has been used for." />
      <StatusCards />
      <SpendSummary />
      <section aria-labelledby="links-heading">
        <h2 id="links-heading" className="section-title">
          Go to
        </h2>
        <ul className="quick-links">
          {links.map((item) => (
            <li key={item.href}>
              <Link href={item.href}>{item.label}</Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
