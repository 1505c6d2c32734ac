import { describe, expect, it } from 'vitest';
import { dailyActivityRows } from './daily-activity-rows.ts';
import type { LiteLLMDailyActivity } from './types.ts';

describe("dailyActivityRows: LiteLLM's daily activity as the dashboard's rows", () => {
  it('makes one row per day and model, and keeps the totals', () => {
    const metrics = (spend: number, requests: number) => ({ spend, prompt_tokens: 1, completion_tokens: 2, total_tokens: 3, api_requests: requests, successful_requests: requests - 1, failed_requests: 1 });
    const answer: LiteLLMDailyActivity = {
      results: [
        { date: '2025-01-01', metrics: metrics(3, 4), breakdown: { models: { a: { metrics: metrics(1, 2) }, b: { metrics: metrics(2, 2) } } } },
        { date: '2025-01-02', metrics: metrics(5, 1), breakdown: { models: { a: { metrics: metrics(5, 1) } } } },
      ],
      metadata: { total_spend: 8, total_tokens: 9, total_api_requests: 5, page: 1, total_pages: 1, has_more: false },
    };
    const rows = dailyActivityRows('user', answer);
    expect(rows.metadata).toEqual({ total_spend: 8, total_tokens: 9, total_requests: 5 });
    expect(rows.results.map((row) => [row.date, row.model, row.spend, row.requests, row.successes, row.failures])).toEqual([
      ['2025-01-01', 'a', 1, 2, 1, 1],
      ['2025-01-01', 'b', 2, 2, 1, 1],
      ['2025-01-02', 'a', 5, 1, 0, 1],
    ]);
  });
});
