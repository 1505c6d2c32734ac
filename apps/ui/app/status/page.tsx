'use client';

import Link from 'next/link';
import { StatusCards } from '../../src/components/status-cards.tsx';

/** Public: whether gateway and backend answer, without logging in. */
export default function StatusPage() {
  return (
    <>
      <h1>Switchboard status</h1>
      <StatusCards />
      <p>
        <Link href="/">Go to the dashboard</Link>
      </p>
    </>
  );
}
