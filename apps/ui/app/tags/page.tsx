'use client';

import { TagsPage } from '../../src/features/tags/tags-page.tsx';

export default function Page() {
  return <TagsPage />;
}
