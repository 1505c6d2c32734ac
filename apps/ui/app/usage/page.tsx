'use client';

import { UsagePage } from '../../src/features/usage/usage-page.tsx';

export default function Page() {
  return <UsagePage />;
}
