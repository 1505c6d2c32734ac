import { describe, expect, it } from 'vitest';
import type { Request } from 'express';
import type { Admission, BudgetLine, CallRecord, KeyContext } from '@switchboard/contracts';
import { InProcessLimiter, type Limiter } from '@switchboard/limits';
import type { PriceBook } from '@switchboard/pricing';
import type { Router } from '@switchboard/router';
import { createAdmit } from './create-admit.ts';

const line = (id: string, softNano?: number): BudgetLine => ({ owner: { entity: 'key', id }, scopeId: `budget:${id}`, maxNano: 1e12, spentNano: 0, ...(softNano !== undefined ? { softNano } : {}) });
const context = (budgets: BudgetLine[]): KeyContext => ({ principal: { kind: 'virtual_key', keyHash: 'h' }, blocked: false, teamBlocked: false, modelLists: [], rateScopes: [], budgets });
const router = { deploymentsOf: () => [{ id: 'd1' }], accessGroupsOf: () => [], teamOwnerOf: () => undefined, resolveGroup: (group: string) => group } as unknown as Router;
const priceBook = { isPriced: () => true, estimate: () => ({ nanoUsd: 5_000 }) } as unknown as PriceBook;
const request = (budgets: BudgetLine[]) => ({ keyContext: context(budgets), url: '/v1/chat/completions', requestId: `r-${Math.random()}`, principal: { kind: 'virtual_key', keyHash: 'h' } }) as unknown as Request;
const call = { modelGroup: 'gpt', operation: 'chat', body: { model: 'gpt', messages: [{ role: 'user', content: 'hi' }], max_tokens: 10 }, route: '/chat/completions' } as const;
const record = { usage: { promptTokens: 5, completionTokens: 5, totalTokens: 10 }, costNanoUsd: 2_000 } as unknown as CallRecord;

describe('createAdmit settle', () => {
  it('reports the spent of each observed budget after the release, and only those', async () => {
    const limiter = new InProcessLimiter();
    const reported: [string, number][] = [];
    const admit = createAdmit({ limiter, priceBook, router, onBudgetSettled: (budget, spent) => reported.push([budget.scopeId, spent]), observesBudget: (budget) => budget.softNano !== undefined });
    const admission = await admit(request([line('plain'), line('soft', 1)]), { ...call });
    await admission?.settle(record);
    expect(reported).toEqual([['budget:soft', 2_000]]);
    expect(await limiter.spentNano('budget:plain')).toBe(2_000);
  });

  it('with no budget observed, settles by the release alone', async () => {
    const limiter = new InProcessLimiter();
    const reported: unknown[] = [];
    const admit = createAdmit({ limiter, priceBook, router, onBudgetSettled: (budget) => reported.push(budget), observesBudget: () => false });
    const admission = await admit(request([line('plain')]), { ...call });
    await admission?.settle(record);
    expect(reported).toEqual([]);
    expect(await limiter.spentNano('budget:plain')).toBe(2_000);
  });
});

describe('createAdmit without a key context', () => {
  const keyless = { url: '/v1/chat/completions', requestId: 'r-keyless', principal: { kind: 'master' } } as unknown as Request;

  it('answers undefined at once, with no promise, when no end user is named', () => {
    const admit = createAdmit({ limiter: new InProcessLimiter(), priceBook, router, endUserLimits: async () => ({ budget: line('end-user') }) });
    expect(admit(keyless, { ...call })).toBeUndefined();
  });

  it("still looks up a named end user's limits (a promise), and counts them", async () => {
    const limiter = new InProcessLimiter();
    const looked: string[] = [];
    const admit = createAdmit({
      limiter,
      priceBook,
      router,
      endUserLimits: async (_tenant, user) => {
        looked.push(user);
        return { budget: line(`end-user-${user}`) };
      },
    });
    const admitting = admit(keyless, { ...call, body: { ...call.body, user: 'alice' } });
    expect(admitting).toBeInstanceOf(Promise);
    const admission = await admitting;
    await admission?.settle(record);
    expect(looked).toEqual(['alice']);
    expect(await limiter.spentNano('budget:end-user-alice')).toBe(2_000);
  });

  it('with a key context and a budget, admits at once when the limiter decides at once (no promise)', async () => {
    const limiter = new InProcessLimiter();
    const admit = createAdmit({ limiter, priceBook, router });
    const admission = admit(request([line('plain')]), { ...call });
    expect(admission).not.toBeInstanceOf(Promise);
    expect(admission).toMatchObject({ headers: expect.any(Object) });
    await (admission as Admission).settle(record);
    expect(await limiter.spentNano('budget:plain')).toBe(2_000);
  });

  it('admits through a promise when the limiter waits (Redis), and refuses through it', async () => {
    const inner = new InProcessLimiter();
    const waiting: Limiter = { acquire: async (req) => inner.acquire(req), spentNano: (id) => inner.spentNano(id), close: () => inner.close() };
    const admit = createAdmit({ limiter: waiting, priceBook, router });
    const admitting = admit(request([line('plain')]), { ...call });
    expect(admitting).toBeInstanceOf(Promise);
    expect(await admitting).toMatchObject({ headers: expect.any(Object) });
    const spent = { ...line('spent'), spentNano: 1e12 };
    const refusing = admit(request([spent]), { ...call });
    expect(refusing).toBeInstanceOf(Promise);
    await expect(refusing).rejects.toMatchObject({ status: 400, code: 'budget_exceeded' });
  });

  it("refuses a spent budget through a promise even when the limiter decides at once: its message reads the limiter's spend", async () => {
    const limiter = new InProcessLimiter();
    const admit = createAdmit({ limiter, priceBook, router });
    const small = { ...line('small'), owner: { entity: 'team' as const, id: 'team-a' }, maxNano: 1_000 };
    await (admit(request([small]), { ...call }) as Admission).settle(record);
    const refusing = admit(request([small]), { ...call });
    expect(refusing).toBeInstanceOf(Promise);
    await expect(refusing).rejects.toMatchObject({ status: 400, code: 'budget_exceeded', message: 'Budget has been exceeded! Team=team-a Current cost: 2e-06, Max budget: 1e-06' });
  });
});
