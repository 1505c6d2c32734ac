'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { TeamDetail } from '../../src/features/teams/team-detail.tsx';
import { TeamsList } from '../../src/features/teams/teams-list.tsx';
import { Loading } from '../../src/components/states.tsx';

function TeamsPage() {
  const id = useSearchParams().get('id');
  return id ? <TeamDetail teamId={id} /> : <TeamsList />;
}

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <TeamsPage />
    </Suspense>
  );
}
