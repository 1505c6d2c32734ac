'use client';

import { useEffect, useState } from 'react';
import { probeService, type ServiceStatus } from '../src/lib/service-status';

const REFRESH_MS = 3_000;
const initial: ServiceStatus[] = [
  { name: 'gateway', state: 'checking', detail: '' },
  { name: 'backend', state: 'checking', detail: '' },
];

export default function StatusPage() {
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
    <section>
      <h1>Service status</h1>
      <div className="cards">
        {statuses.map((status) => (
          <article className="card" key={status.name} data-testid={`status-${status.name}`}>
            <h2>{status.name}</h2>
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
