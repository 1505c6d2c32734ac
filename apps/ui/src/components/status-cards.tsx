'use client';

import { useEffect, useState } from 'react';
import { probeService, type ServiceStatus } from '../lib/service-status.ts';

const REFRESH_MS = 3_000;
const initial: ServiceStatus[] = [
  { name: 'gateway', state: 'checking', detail: '' },
  { name: 'backend', state: 'checking', detail: '' },
];

/** Gateway and backend health through the front, refreshed every few seconds. */
export function StatusCards() {
  const [statuses, setStatuses] = useState<ServiceStatus[]>(initial);
  const [checkedAt, setCheckedAt] = useState<string>('');

  useEffect(() => {
    let cancelled = false;
    const refresh = async () => {
      const next = await Promise.all([probeService('gateway'), probeService('backend')]);
      if (cancelled) return;
      setStatuses(next);
      setCheckedAt(new Date().toLocaleTimeString());
    };
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, []);

  return (
    <section aria-labelledby="status-heading">
      <h2 id="status-heading" className="section-title">
        Service status
      </h2>
      <div className="cards">
        {statuses.map((status) => (
          <article className="card" key={status.name} data-testid={`status-${status.name}`}>
            <h3>{status.name}</h3>
            <div className={`state state-${status.state.replace(' ', '-')}`} data-testid={`state-${status.name}`}>
              {status.state}
            </div>
            {status.detail !== '' && <div className="detail">{status.detail}</div>}
          </article>
        ))}
      </div>
      {checkedAt !== '' && <p className="updated">Checked at {checkedAt}; refreshes every {REFRESH_MS / 1000} s.</p>}
    </section>
  );
}
