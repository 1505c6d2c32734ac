'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { LogDetail, LogsList } from '../../src/features/logs/logs-page.tsx';
import { Loading } from '../../src/components/states.tsx';

function LogsPage() {
  const id = useSearchParams().get('id');
  return id ? <LogDetail requestId={id} /> : <LogsList />;
}

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <LogsPage />
    </Suspense>
  );
}
