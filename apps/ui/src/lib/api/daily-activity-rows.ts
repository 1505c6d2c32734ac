import type { DailyActivity, DailyActivityRow, LiteLLMDailyActivity } from './types.ts';

/** LiteLLM's daily activity as the dashboard's rows: one per day and model. */
export function dailyActivityRows(scope: string, answer: LiteLLMDailyActivity): DailyActivity {
  const results: DailyActivityRow[] = [];
  for (const day of answer.results) {
    for (const [model, { metrics }] of Object.entries(day.breakdown.models)) {
      results.push({ date: day.date, entity_type: scope, entity_id: '', model, spend: metrics.spend, prompt_tokens: metrics.prompt_tokens, completion_tokens: metrics.completion_tokens, total_tokens: metrics.total_tokens, requests: metrics.api_requests, successes: metrics.successful_requests, failures: metrics.failed_requests });
    }
  }
  return { results, metadata: { total_spend: answer.metadata.total_spend, total_tokens: answer.metadata.total_tokens, total_requests: answer.metadata.total_api_requests } };
}
