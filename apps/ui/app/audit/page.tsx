'use client';

import { AuditPage } from '../../src/features/audit/audit-page.tsx';

export default function Page() {
  return <AuditPage />;
}
