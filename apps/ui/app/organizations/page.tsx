'use client';

import { useSearchParams } from 'next/navigation';
import { Suspense } from 'react';
import { OrganizationDetail, OrganizationsList } from '../../src/features/organizations/organizations-page.tsx';
import { Loading } from '../../src/components/states.tsx';

function OrganizationsPage() {
  const id = useSearchParams().get('id');
  return id ? <OrganizationDetail organizationId={id} /> : <OrganizationsList />;
}

export default function Page() {
  return (
    <Suspense fallback={<Loading />}>
      <OrganizationsPage />
    </Suspense>
  );
}
