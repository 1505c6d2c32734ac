import type { CallSignal } from '@switchboard/providers';

/** What a moderation model said about the texts, all inputs together. */
export interface ModerationVerdict {
  flagged: boolean;
  /** Category → flagged (OpenAI's `categories`, merged over the inputs). */
  categories: Readonly<Record<string, boolean>>;
}

/**
 * The gateway's moderation call, injected: it runs `model` through the gateway's own pipeline (authorized,
 * limited and accounted as a sub-call of the request). The guardrail only decides on the verdict.
 */
export type ModerateFn = (input: string[], options: { model: string; signal: AbortSignal; callSignal?: CallSignal }) => Promise<ModerationVerdict>;
