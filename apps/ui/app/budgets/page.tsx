'use client';

import { BudgetsPage } from '../../src/features/budgets/budgets-page.tsx';

export default function Page() {
  return <BudgetsPage />;
}
