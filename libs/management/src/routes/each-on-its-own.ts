import { HttpError } from '@switchboard/service-kit';

export type EachOutcome<T, R> = { item: T; ok: true; value: R } | { item: T; ok: false; reason: string };

/**
 * LiteLLM's bulk routes' partial success: each item is its own change, in order; a refusal (an HttpError) is that
 * item's outcome, with its reason, and the others still run. Anything else (a bug, the database gone) stops them all.
 */
export async function eachOnItsOwn<T, R>(items: readonly T[], change: (item: T) => Promise<R>): Promise<EachOutcome<T, R>[]> {
  const outcomes: EachOutcome<T, R>[] = [];
  for (const item of items) {
    try {
      outcomes.push({ item, ok: true, value: await change(item) });
    } catch (error) {
      if (!(error instanceof HttpError)) throw error;
      outcomes.push({ item, ok: false, reason: error.message });
    }
  }
  return outcomes;
}
