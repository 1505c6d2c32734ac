import type { CallSignal } from '@switchboard/providers';
import type { GuardrailBase } from './config/guardrail-base.ts';
import type { PlaceholderVault } from './engine/placeholder-vault.ts';

/** What part of a message a text is: its content, a tool call's arguments, or a tool's result. */
export type TextPart = 'content' | 'tool_arguments' | 'tool_result';

/** One text of a request or an answer, as the guardrails see it. */
export interface GuardedText {
  text: string;
  /** The message's role (`system`, `user`, `assistant`, `tool`, ...); absent for prompts and embeddings input. */
  role?: string;
  part: TextPart;
}

/** A span a local guardrail found in a text. Offsets are UTF-16 indices, `end` exclusive. */
export interface Finding {
  start: number;
  end: number;
  /** The entity type (`EMAIL`, `CREDIT_CARD`, `KEYWORD`, ...): used in placeholders, counts and messages. */
  label: string;
  action: 'mask' | 'block';
  /** How sure the guardrail is, 0..1, when it scores (prompt injection). */
  score?: number;
}

/**
 * Work a scan may spend on costly validations (phone numbers), shared by every text of one check so that
 * splitting an input into many messages does not multiply it.
 */
export interface ScanBudget {
  validations: number;
}

/**
 * A local guardrail that finds spans synchronously: it can run on a stream's held-back window as well as
 * on whole texts.
 */
export interface TextScanner {
  scan(text: string, budget: ScanBudget): Finding[];
  /**
   * True when findings are content to hide (PII, banned words): a logging-only run masks them in the
   * logged copy. False when a finding is a verdict about the text (prompt injection): it is only flagged.
   */
  readonly redacts: boolean;
}

/** Who the call is for, as LiteLLM's generic guardrail API receives it in `request_data`. */
export interface CallerInfo {
  user_api_key_hash?: string;
  user_api_key_alias?: string;
  user_api_key_user_id?: string;
  user_api_key_user_email?: string;
  user_api_key_team_id?: string;
  user_api_key_team_alias?: string;
  user_api_key_end_user_id?: string;
  user_api_key_org_id?: string;
}

export interface CheckContext {
  /** Whether the texts come from the request or from the answer. */
  phase: 'request' | 'response';
  /**
   * `enforce`: a block stops the call and masks change what is sent. `log`: nothing is enforced; masks
   * change only the logged copy (logging_only).
   */
  purpose: 'enforce' | 'log';
  vault: PlaceholderVault;
  requestId: string;
  caller: CallerInfo;
  signal?: CallSignal;
  /** The request's `extra_body` for this guardrail, only when the request itself added the guardrail. */
  dynamicParams?: Readonly<Record<string, unknown>>;
}

/** Entity type → how many were found (never the values). */
export type EntityCounts = Record<string, number>;

export type CheckResult =
  | { verdict: 'pass'; score?: number }
  | { verdict: 'mask'; texts: string[]; entities: EntityCounts }
  /** `reason` is shown to the client: it names what was found, never the text that matched. */
  | { verdict: 'block'; reason: string; entities?: EntityCounts; score?: number };

/** One configured guardrail, ready to run. */
export interface Guardrail extends Readonly<GuardrailBase> {
  /** Placeholders this guardrail puts in the request are replaced by their originals in the answer. */
  readonly unmaskOutput: boolean;
  /** Set for local guardrails that can check a stream incrementally. */
  readonly scanner?: TextScanner;
  /** Throws when the guardrail cannot run; the runner decides between failing closed and open. */
  check(texts: readonly GuardedText[], ctx: CheckContext): Promise<CheckResult>;
}
