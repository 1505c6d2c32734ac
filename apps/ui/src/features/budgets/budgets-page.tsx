'use client';

import { useState } from 'react';
import { managementApi } from '../../lib/api/management-client.ts';
import type { BudgetInfo, CustomerInfo } from '../../lib/api/types.ts';
import { formatDateTime, formatLimit, formatMoney } from '../../lib/format.ts';
import { budgetFieldValues, duration, money, moneyValue, name, optional, required, textValue, wholeNumber } from '../../lib/validators.ts';
import { DataTable, Pager, type Column } from '../../components/data-table.tsx';
import { PageHeader, StatusBadge } from '../../components/detail-list.tsx';
import { FieldRow, FormFooter, SelectField, TextField, useForm } from '../../components/form.tsx';
import { Modal } from '../../components/modal.tsx';
import { usePermissions } from '../../components/session.tsx';
import { ErrorNote, Loading, NotAllowed } from '../../components/states.tsx';
import { useAsync } from '../../components/use-async.ts';

function BudgetFormModal({ onClose, onSaved }: { onClose: () => void; onSaved: () => void }) {
  const form = useForm(
    { budget_id: '', max_budget: '', soft_budget: '', budget_duration: '', rpm_limit: '', tpm_limit: '', max_parallel_requests: '' },
    {
      budget_id: optional(name),
      max_budget: optional(money),
      soft_budget: (value, values) => {
        if (value.trim() === '') return undefined;
        const problem = money(value);
        if (problem) return problem;
        return values.max_budget.trim() !== '' && money(values.max_budget) === undefined && Number(value) > Number(values.max_budget) ? 'The soft budget (an alert) should be below the max budget.' : undefined;
      },
      budget_duration: optional(duration),
      rpm_limit: optional(wholeNumber),
      tpm_limit: optional(wholeNumber),
      max_parallel_requests: optional(wholeNumber),
    },
  );
  const onSubmit = form.submit(async (values) => {
    await managementApi.newBudget({
      budget_id: textValue(values.budget_id) ?? undefined,
      ...budgetFieldValues(values),
    });
    onSaved();
    onClose();
  });
  return (
    <Modal title="Create a budget" onClose={onClose} wide>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Create budget">
        <TextField form={form} name="budget_id" label="Budget ID" hint="A name to attach it by, e.g. free-tier; blank: generated." />
        <FieldRow>
          <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Blank: no limit." inputMode="decimal" />
          <TextField form={form} name="soft_budget" label="Soft budget (USD)" hint="Alert threshold; blank: none." inputMode="decimal" />
          <TextField form={form} name="budget_duration" label="Resets every" hint="e.g. 30d; blank: never." />
        </FieldRow>
        <FieldRow>
          <TextField form={form} name="rpm_limit" label="Requests per minute" hint="Blank: no limit." inputMode="numeric" />
          <TextField form={form} name="tpm_limit" label="Tokens per minute" hint="Blank: no limit." inputMode="numeric" />
          <TextField form={form} name="max_parallel_requests" label="Parallel requests" hint="Blank: no limit." inputMode="numeric" />
        </FieldRow>
        <FormFooter form={form} submitLabel="Create budget" onCancel={onClose} />
      </form>
    </Modal>
  );
}

function CustomerFormModal({ budgets, onClose, onSaved }: { budgets: BudgetInfo[]; onClose: () => void; onSaved: () => void }) {
  const form = useForm(
    { user_id: '', alias: '', budget_id: '', max_budget: '', budget_duration: '' },
    { user_id: required(name, 'Enter the end user’s ID (the "user" field of their requests).'), alias: optional(name), max_budget: optional(money), budget_duration: optional(duration) },
  );
  const onSubmit = form.submit(async (values) => {
    await managementApi.newCustomer({
      user_id: values.user_id.trim(),
      alias: textValue(values.alias),
      budget_id: textValue(values.budget_id),
      max_budget: moneyValue(values.max_budget),
      budget_duration: textValue(values.budget_duration),
    });
    onSaved();
    onClose();
  });
  return (
    <Modal title="Add an end user" onClose={onClose}>
      <form className="form" onSubmit={onSubmit} noValidate aria-label="Add end user">
        <TextField form={form} name="user_id" label="End user ID" hint='What clients send as "user" in their requests.' />
        <TextField form={form} name="alias" label="Display name" />
        <SelectField form={form} name="budget_id" label="Budget" options={[{ value: '', label: '(none, or the fields below)' }, ...budgets.map((b) => ({ value: b.budget_id, label: b.budget_id }))]} />
        <FieldRow>
          <TextField form={form} name="max_budget" label="Max budget (USD)" hint="Creates a budget for them." inputMode="decimal" />
          <TextField form={form} name="budget_duration" label="Resets every" hint="e.g. 30d." />
        </FieldRow>
        <FormFooter form={form} submitLabel="Add end user" onCancel={onClose} />
      </form>
    </Modal>
  );
}

export function BudgetsPage() {
  const { allowed } = usePermissions();
  const [page, setPage] = useState(1);
  const [customerPage, setCustomerPage] = useState(1);
  const [dialog, setDialog] = useState<'budget' | 'customer' | null>(null);
  const budgets = useAsync(() => managementApi.listBudgets({ page, size: 25 }), [page], allowed('budget:read'));
  const customers = useAsync(() => managementApi.listCustomers({ page: customerPage, size: 25 }), [customerPage], allowed('customer:read'));
  if (!allowed('budget:read')) return <NotAllowed what="budgets" />;

  const budgetColumns: Column<BudgetInfo>[] = [
    { id: 'id', header: 'Budget ID', sortValue: (b) => b.budget_id, cell: (b) => <span className="mono cell-wrap">{b.budget_id}</span> },
    { id: 'max', header: 'Max budget', align: 'right', sortValue: (b) => b.max_budget, cell: (b) => (b.max_budget === null ? 'no limit' : formatMoney(b.max_budget)) },
    { id: 'soft', header: 'Soft budget', align: 'right', sortValue: (b) => b.soft_budget, cell: (b) => (b.soft_budget === null ? '—' : formatMoney(b.soft_budget)) },
    { id: 'reset', header: 'Resets', sortValue: (b) => b.budget_duration, cell: (b) => (b.budget_duration ? `every ${b.budget_duration}` : 'never') },
    { id: 'rpm', header: 'RPM', align: 'right', sortValue: (b) => b.rpm_limit, cell: (b) => formatLimit(b.rpm_limit) },
    { id: 'tpm', header: 'TPM', align: 'right', sortValue: (b) => b.tpm_limit, cell: (b) => formatLimit(b.tpm_limit) },
    { id: 'created', header: 'Created', sortValue: (b) => b.created_at, cell: (b) => <span className="nowrap">{formatDateTime(b.created_at, false)}</span> },
  ];
  const customerColumns: Column<CustomerInfo>[] = [
    { id: 'id', header: 'End user', sortValue: (c) => c.user_id, cell: (c) => <span className="cell-wrap">{c.user_id}</span> },
    { id: 'alias', header: 'Name', sortValue: (c) => c.alias, cell: (c) => <span className="cell-wrap">{c.alias ?? '—'}</span> },
    { id: 'spend', header: 'Spend', align: 'right', sortValue: (c) => c.spend, cell: (c) => formatMoney(c.spend) },
    { id: 'budget', header: 'Budget', sortValue: (c) => c.budget_id, cell: (c) => <span className="mono">{c.budget_id ?? '—'}</span> },
    { id: 'status', header: 'Status', sortValue: (c) => c.blocked, cell: (c) => <StatusBadge tone={c.blocked ? 'bad' : 'ok'}>{c.blocked ? 'Blocked' : 'Active'}</StatusBadge> },
  ];
  const pages = (data: { total: number; page_size: number } | undefined) => (data ? Math.max(1, Math.ceil(data.total / Math.max(data.page_size, 1))) : 1);
  return (
    <>
      <PageHeader
        title="Budgets"
        description="Reusable budgets, and the end users (customers) they apply to."
        actions={
          allowed('budget:write') && (
            <button type="button" className="button-primary" onClick={() => setDialog('budget')}>
              + Create budget
            </button>
          )
        }
      />
      {budgets.loading && !budgets.data && <Loading label="Loading budgets…" />}
      {budgets.error !== undefined && <ErrorNote error={budgets.error} onRetry={budgets.reload} />}
      {budgets.data && (
        <>
          <DataTable testId="budgets-table" caption="Budgets" columns={budgetColumns} rows={budgets.data.budgets} rowKey={(b) => b.budget_id} empty="No budgets yet." />
          <Pager label="Budgets" page={page} totalPages={pages(budgets.data)} size={25} onPage={setPage} />
        </>
      )}
      {allowed('customer:read') && (
        <section>
          <div className="page-header">
            <h2 className="section-title">End users</h2>
            {allowed('customer:write') && (
              <button type="button" className="button-primary" onClick={() => setDialog('customer')}>
                + Add end user
              </button>
            )}
          </div>
          {customers.loading && !customers.data && <Loading label="Loading end users…" />}
          {customers.error !== undefined && <ErrorNote error={customers.error} onRetry={customers.reload} />}
          {customers.data && (
            <>
              <DataTable testId="customers-table" caption="End users" columns={customerColumns} rows={customers.data.customers} rowKey={(c) => c.user_id} empty='No end users yet. They appear when requests carry a "user" field.' />
              <Pager label="End users" page={customerPage} totalPages={pages(customers.data)} size={25} onPage={setCustomerPage} />
            </>
          )}
        </section>
      )}
      {dialog === 'budget' && <BudgetFormModal onClose={() => setDialog(null)} onSaved={() => budgets.reload()} />}
      {dialog === 'customer' && <CustomerFormModal budgets={budgets.data?.budgets ?? []} onClose={() => setDialog(null)} onSaved={() => customers.reload()} />}
    </>
  );
}
