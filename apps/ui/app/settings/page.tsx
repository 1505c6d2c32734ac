'use client';

import { SettingsPage } from '../../src/features/settings/settings-page.tsx';

export default function Page() {
  return <SettingsPage />;
}
