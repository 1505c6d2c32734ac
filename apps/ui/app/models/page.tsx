'use client';

import { ModelsPage } from '../../src/features/models/models-page.tsx';

export default function Page() {
  return <ModelsPage />;
}
