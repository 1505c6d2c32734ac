'use client';

import { PlaygroundPage } from '../../src/features/playground/playground-page.tsx';

export default function Page() {
  return <PlaygroundPage />;
}
