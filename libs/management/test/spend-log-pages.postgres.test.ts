import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countSpendLogs, insertSpendBatch, requirePostgres } from '@switchboard/db';
import { startHarness, type Harness } from './harness.ts';

const postgres = await requirePostgres();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;

/** LiteLLM's log pages, `/spend/logs/ui` and `/spend/logs/v2`, as its clients page through them. */
describe.skipIf(!postgres.available)("the spend log pages (LiteLLM's /spend/logs/ui and /v2, PostgreSQL)", () => {
  let h: Harness;
  const KEY = 'sk-pages-key-0123456789';

  beforeAll(async () => {
    h = await startHarness();
    await h.call('POST', '/user/new', { body: { user_id: 'pager', user_role: 'internal_user', auto_create_key: false } });
    await h.call('POST', '/key/generate', { body: { user_id: 'pager', key: KEY } });
    // Five rows on 2025-04-01, one a minute from 10:00; the third failed, the fourth is another user's.
    await insertSpendBatch(
      h.db,
      [0, 1, 2, 3, 4].map((n) => ({
        requestId: id(n + 1),
        startTime: new Date(Date.UTC(2025, 3, 1, 10, n)),
        endTime: new Date(Date.UTC(2025, 3, 1, 10, n, 1)),
        keyHash: n === 3 ? sha256('sk-someone-else') : sha256(KEY),
        userId: n === 3 ? 'someone-else' : 'pager',
        model: n === 4 ? 'claude' : 'gpt-4o',
        spend: String((n + 1) / 10),
        totalTokens: 10 * (n + 1),
        status: n === 2 ? ('failure' as const) : ('success' as const),
        metadata: {},
      })),
    );
  });
  afterAll(async () => {
    await h?.close();
  });

  const page = async (query: string, key?: string) => {
    const answer = await h.call('GET', `/spend/logs/v2?${query}`, key === undefined ? {} : { key });
    expect(answer.status, answer.text).toBe(200);
    return answer.body;
  };
  const ids = (body: { data: { request_id: string }[] }) => body.data.map((row) => row.request_id);

  it("answers LiteLLM's envelope: data newest first, total, page, page_size, total_pages", async () => {
    const body = await page('start_date=2025-04-01 00:00:00&end_date=2025-04-01 23:59:59&page=1&page_size=2');
    expect(body).toMatchObject({ total: 5, page: 1, page_size: 2, total_pages: 3, total_is_capped: false });
    expect(ids(body)).toEqual([id(5), id(4)]);
    expect(ids(await page('start_date=2025-04-01 00:00:00&end_date=2025-04-01 23:59:59&page=3&page_size=2'))).toEqual([id(1)]);
    // /spend/logs/ui is the same page.
    expect((await h.call('GET', '/spend/logs/ui?start_date=2025-04-01&end_date=2025-04-01')).body.total).toBe(5);
  });

  it('filters by time to the second, spend, status, model and key, and sorts as asked', async () => {
    expect(ids(await page('start_date=2025-04-01 10:01:00&end_date=2025-04-01 10:02:00'))).toEqual([id(3), id(2)]);
    expect(ids(await page('start_date=2025-04-01&end_date=2025-04-01&min_spend=0.2&max_spend=0.3'))).toEqual([id(3), id(2)]);
    expect(ids(await page('start_date=2025-04-01&end_date=2025-04-01&status_filter=failure'))).toEqual([id(3)]);
    expect(ids(await page('start_date=2025-04-01&end_date=2025-04-01&model=claude'))).toEqual([id(5)]);
    expect((await page(`start_date=2025-04-01&end_date=2025-04-01&api_key=${KEY}`)).total).toBe(4);
    expect((await page(`start_date=2025-04-01&end_date=2025-04-01&api_key=${sha256(KEY)}`)).total).toBe(4);
    expect(ids(await page('start_date=2025-04-01&end_date=2025-04-01&sort_by=spend&sort_order=asc&page_size=2'))).toEqual([id(1), id(2)]);
    expect((await page('start_date=2025-04-02 00:00:00&end_date=2025-04-30 00:00:00')).data).toEqual([]);
  });

  it('keeps a non-admin to their own rows, and refuses bad times and unknown parameters with 400', async () => {
    const own = await page('start_date=2025-04-01&end_date=2025-04-01', KEY);
    expect(own.total).toBe(4);
    expect(own.data.every((row: { user_id: string }) => row.user_id === 'pager')).toBe(true);
    expect((await h.call('GET', '/spend/logs/v2?user_id=someone-else', { key: KEY })).status).toBe(403);
    for (const bad of ['start_date=2025-04-31 00:00:00', 'start_date=yesterday', 'page_size=1001', 'status_filter=ok', 'sort_by=request_id', 'unknown=1']) {
      const answer = await h.call('GET', `/spend/logs/v2?${bad}`);
      expect({ bad, status: answer.status, type: answer.body.error?.type }).toEqual({ bad, status: 400, type: 'invalid_request_error' });
    }
  });

  it("shows a key that belongs to no user its own rows only, on every form of the logs", async () => {
    const orphan = (await h.call('POST', '/key/generate', { body: {} })).body.key as string;
    await insertSpendBatch(h.db, [{ requestId: id(99), startTime: new Date(Date.UTC(2025, 3, 1, 11)), endTime: new Date(Date.UTC(2025, 3, 1, 11, 0, 1)), keyHash: sha256(orphan), model: 'gpt-4o', spend: '0.01', status: 'success', metadata: {} }]);
    expect(ids(await page('start_date=2025-04-01&end_date=2025-04-01', orphan))).toEqual([id(99)]);
    const rows = (await h.call('GET', '/spend/logs?summarize=false', { key: orphan })).body;
    expect(rows.map((row: { request_id: string }) => row.request_id)).toEqual([id(99)]);
    const summary = (await h.call('GET', '/spend/logs?start_date=2025-04-01&end_date=2025-04-01', { key: orphan })).body;
    expect(summary).toEqual([expect.objectContaining({ startTime: '2025-04-01', spend: 0.01, [sha256(orphan)]: 0.01 })]);
    expect((await h.call('GET', `/spend/logs/v2?api_key=${KEY}`, { key: orphan })).status).toBe(403);
  });

  it('counts a total only up to its cap, and says when it stopped there', async () => {
    expect(await countSpendLogs(h.db, {}, 3)).toEqual({ total: 3, capped: true });
    expect(await countSpendLogs(h.db, {}, 6)).toEqual({ total: 6, capped: false });
    expect(await countSpendLogs(h.db, {}, 5)).toEqual({ total: 5, capped: true });
    expect(await countSpendLogs(h.db, { status: 'failure' }, 5)).toEqual({ total: 1, capped: false });
  });
});
