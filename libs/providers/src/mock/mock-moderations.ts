import type { JsonResult } from '../provider.ts';

const CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/instructions',
  'self-harm/intent',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/** Nothing is ever flagged: the mock is for load and plumbing, not for policy tests. */
export function mockModerations(body: Record<string, unknown>, id: string, model: string): JsonResult {
  const inputs = Array.isArray(body.input) ? body.input.length : 1;
  const categories = Object.fromEntries(CATEGORIES.map((name) => [name, false]));
  const scores = Object.fromEntries(CATEGORIES.map((name) => [name, 0]));
  const results = Array.from({ length: inputs }, () => ({ flagged: false, categories, category_scores: scores }));
  return { body: { id: `modr-${id}`, model, results } };
}
