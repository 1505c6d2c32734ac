import type { CallSignal } from '@switchboard/providers';
import { answerTexts, withAnswerTexts } from './body/answer-texts.ts';
import { requestTexts, withRequestTexts, type RequestOperation } from './body/request-texts.ts';
import type { JsonRecord } from './body/text-mapper.ts';
import type { GuardrailMode } from './config/guardrail-mode.ts';
import { PlaceholderVault } from './engine/placeholder-vault.ts';
import { runGuardrail } from './engine/run-guardrail.ts';
import type { CallerInfo, CheckContext, GuardedText, Guardrail } from './guardrail.ts';
import type { GuardrailOutcome, GuardrailStageResult } from './outcome.ts';
import type { GuardrailSelection } from './selection/select-guardrails.ts';
import { WindowedStreamGuard, type StreamGuard, type StreamGuardOptions } from './stream/stream-guard.ts';

export interface GuardrailCallOptions {
  /** The shape of the client's request body (before any translation to another format). */
  operation: RequestOperation;
  requestId: string;
  /** Sent to generic guardrail APIs as `request_data`. */
  caller?: CallerInfo;
  /** The request's signal: guardrail service calls stop when the client leaves. */
  signal?: CallSignal;
}

interface Sequence {
  texts: GuardedText[];
  changed: boolean;
  stage: GuardrailStageResult;
}

/**
 * The guardrails of one call, stage by stage. It keeps the call's placeholders (so the answer can get back
 * what the request's masks took out) and every outcome (`outcomes`, `applied`), including those of a
 * stage that threw.
 */
export class GuardrailCall {
  readonly outcomes: GuardrailOutcome[] = [];
  private readonly vault = new PlaceholderVault();

  constructor(
    private readonly selection: GuardrailSelection,
    private readonly options: GuardrailCallOptions,
  ) {}

  /** False when no guardrail applies to the call: the gateway can skip every stage. */
  get active(): boolean {
    return this.selection.guardrails.length > 0;
  }

  /** Request fields about guardrails that were ignored (a request trying to switch one off). */
  get warnings(): readonly string[] {
    return this.selection.warnings;
  }

  /** Names of the guardrails that ran so far, first run first: the `x-litellm-applied-guardrails` header. */
  get applied(): string[] {
    return [...new Set(this.outcomes.map((outcome) => outcome.guardrail))];
  }

  /** Whether answers must go through postCall / a stream guard: post_call guardrails, or placeholders to restore. */
  get guardsAnswer(): boolean {
    return this.withMode('post_call').length > 0 || this.vault.hasRestorable;
  }

  /** Whether duringCall has anything to run. */
  get hasDuringCall(): boolean {
    return this.withMode('during_call').length > 0;
  }

  /** pre_call: runs the guardrails in config order on the request's texts; returns the body to send (masked copy or the same object). */
  async preCall(body: JsonRecord): Promise<GuardrailStageResult & { body: JsonRecord }> {
    const guardrails = this.withMode('pre_call');
    if (guardrails.length === 0) return { body, applied: [], outcomes: [] };
    const run = await this.sequence(guardrails, 'pre_call', requestTexts(this.options.operation, body), 'request', 'enforce');
    const masked = run.changed ? withRequestTexts(this.options.operation, body, run.texts.map((text) => text.text)) : body;
    return { body: masked, ...run.stage };
  }

  /**
   * during_call: runs its guardrails in parallel on the body as sent, while the upstream call runs. Start
   * it without awaiting; await it before releasing any part of the answer. Masks cannot apply (the request
   * is gone) and are flagged. The promise is already marked handled, so leaving it unawaited (the upstream
   * failed first) is not an unhandled rejection.
   */
  duringCall(body: JsonRecord): Promise<GuardrailStageResult> {
    const guardrails = this.withMode('during_call');
    const texts = guardrails.length === 0 ? [] : requestTexts(this.options.operation, body);
    const outcomes: GuardrailOutcome[] = [];
    const record = (outcome: GuardrailOutcome): void => {
      outcomes.push(outcome);
      this.outcomes.push(outcome);
    };
    const running = Promise.all(guardrails.map((guardrail) => runGuardrail(guardrail, 'during_call', texts, this.context(guardrail, 'request', 'enforce'), false, record))).then(
      () => ({ applied: guardrails.map((guardrail) => guardrail.name), outcomes }),
    );
    running.catch(() => undefined);
    return running;
  }

  /** post_call on a JSON answer (in the client's format): masks or blocks, then restores the request's placeholders. */
  async postCall(answer: JsonRecord): Promise<GuardrailStageResult & { answer: JsonRecord }> {
    const guardrails = this.withMode('post_call');
    if (guardrails.length === 0 && !this.vault.hasRestorable) return { answer, applied: [], outcomes: [] };
    const run = await this.sequence(guardrails, 'post_call', answerTexts(this.options.operation, answer), 'response', 'enforce');
    const texts = run.texts.map((text) => this.vault.restore(text.text));
    const changed = run.changed || texts.some((text, i) => text !== run.texts[i]?.text);
    return { answer: changed ? withAnswerTexts(this.options.operation, answer, texts) : answer, ...run.stage };
  }

  /**
   * post_call on a stream: one guard per output text stream (per choice index; per content block for
   * Anthropic). Local guardrails hold back only a bounded window; when a post_call guardrail calls a
   * service, the whole text is held and checked at `end()`.
   */
  streamGuard(options?: StreamGuardOptions): StreamGuard {
    const guardrails = this.withMode('post_call');
    const wholeOnly = guardrails.some((guardrail) => guardrail.scanner === undefined);
    const record = (outcome: GuardrailOutcome): void => void this.outcomes.push(outcome);
    if (wholeOnly) {
      const checkWhole = async (text: string): Promise<string> => {
        const run = await this.sequence(guardrails, 'post_call', [{ text, role: 'assistant', part: 'content' }], 'response', 'enforce');
        return this.vault.restore(run.texts[0]?.text ?? text);
      };
      return new WindowedStreamGuard({ scanners: [], checkWhole, vault: this.vault, record }, options);
    }
    const scanners = guardrails.flatMap((guardrail) => (guardrail.scanner ? [{ guardrail, scanner: guardrail.scanner }] : []));
    return new WindowedStreamGuard({ scanners, vault: this.vault, record }, options);
  }

  /**
   * logging_only: the request and the answer as they may be logged, masked by the logging_only
   * guardrails; nothing sent changes and nothing is blocked (findings that would block are flagged).
   */
  async loggingOnly(payload: { request?: JsonRecord; answer?: JsonRecord }): Promise<GuardrailStageResult & { request?: JsonRecord; answer?: JsonRecord }> {
    const guardrails = this.withMode('logging_only');
    if (guardrails.length === 0) return { ...payload, applied: [], outcomes: [] };
    const { operation } = this.options;
    const result: GuardrailStageResult & { request?: JsonRecord; answer?: JsonRecord } = { applied: [], outcomes: [] };
    if (payload.request) {
      const run = await this.sequence(guardrails, 'logging_only', requestTexts(operation, payload.request), 'request', 'log');
      result.request = run.changed ? withRequestTexts(operation, payload.request, run.texts.map((text) => text.text)) : payload.request;
      result.outcomes.push(...run.stage.outcomes);
    }
    if (payload.answer) {
      const run = await this.sequence(guardrails, 'logging_only', answerTexts(operation, payload.answer), 'response', 'log');
      result.answer = run.changed ? withAnswerTexts(operation, payload.answer, run.texts.map((text) => text.text)) : payload.answer;
      result.outcomes.push(...run.stage.outcomes);
    }
    result.applied = [...new Set(result.outcomes.map((outcome) => outcome.guardrail))];
    return result;
  }

  private withMode(mode: GuardrailMode): Guardrail[] {
    return this.selection.guardrails.filter((guardrail) => guardrail.modes.has(mode));
  }

  private context(guardrail: Guardrail, phase: CheckContext['phase'], purpose: CheckContext['purpose']): CheckContext {
    const dynamicParams = this.selection.dynamicParams.get(guardrail.name);
    return {
      phase,
      purpose,
      vault: this.vault,
      requestId: this.options.requestId,
      caller: this.options.caller ?? {},
      ...(this.options.signal ? { signal: this.options.signal } : {}),
      ...(dynamicParams ? { dynamicParams } : {}),
    };
  }

  /** Guardrails one after the other, each seeing the texts the previous one masked. */
  private async sequence(guardrails: readonly Guardrail[], mode: GuardrailMode, texts: GuardedText[], phase: CheckContext['phase'], purpose: CheckContext['purpose']): Promise<Sequence> {
    const stage: GuardrailStageResult = { applied: [], outcomes: [] };
    const record = (outcome: GuardrailOutcome): void => {
      stage.outcomes.push(outcome);
      this.outcomes.push(outcome);
    };
    let current = texts;
    let changed = false;
    for (const guardrail of guardrails) {
      stage.applied.push(guardrail.name);
      const run = await runGuardrail(guardrail, mode, current, this.context(guardrail, phase, purpose), true, record);
      if (run.masked) {
        const masked = run.masked;
        current = current.map((text, i) => ({ ...text, text: masked[i] ?? text.text }));
        changed = true;
      }
    }
    return { texts: current, changed, stage };
  }
}
