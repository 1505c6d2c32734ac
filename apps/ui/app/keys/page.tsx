'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { KeyDetail } from '../../src/features/keys/key-detail.tsx';
import { KeysList } from '../../src/features/keys/keys-list.tsx';
import { Loading } from '../../src/components/states.tsx';

function KeysPage() {
  const id = useSearchParams().get('id');
  return id ? <KeyDetail token={id} /> : <KeysList />;
}

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <KeysPage />
    </Suspense>
  );
}
