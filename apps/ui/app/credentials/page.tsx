'use client';

import { CredentialsPage } from '../../src/features/credentials/credentials-page.tsx';

export default function Page() {
  return <CredentialsPage />;
}
