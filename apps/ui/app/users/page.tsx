'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { UserDetail, UsersList } from '../../src/features/users/users-page.tsx';
import { Loading } from '../../src/components/states.tsx';

function UsersPage() {
  const id = useSearchParams().get('id');
  return id ? <UserDetail userId={id} /> : <UsersList />;
}

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <UsersPage />
    </Suspense>
  );
}
