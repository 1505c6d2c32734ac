import type { GuardrailBase } from '../../config/guardrail-base.ts';
import type { CheckContext, CheckResult, EntityCounts, Finding, Guardrail, GuardedText } from '../../guardrail.ts';
import { codePointOffsets } from '../../engine/code-point-offsets.ts';
import { GuardrailUnreachable } from '../../engine/guardrail-unreachable.ts';
import { maskFindings } from '../../engine/mask-findings.ts';
import { postJson } from '../../engine/post-json.ts';
import { resolveOverlaps } from '../../engine/resolve-overlaps.ts';
import { withDeadline } from '../../engine/with-deadline.ts';
import type { PresidioParams } from './presidio-params.ts';
import { presidioAnalyzeResponseSchema, presidioAnonymizeResponseSchema, type PresidioAnalyzerResult } from './presidio-wire.ts';

/** At most this many texts are analyzed at once (one analyzer call per text). */
const CONCURRENCY = 4;

async function mapLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) results[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

type TextOutcome = { blocked: PresidioAnalyzerResult[] } | { text: string; entities: EntityCounts };

/**
 * `presidio`: Presidio's analyzer (offsets in code points, as Python counts) finds entities in each text (`POST /analyze`); an entity whose action is
 * `block` blocks; otherwise the anonymizer (`POST /anonymize`) replaces them, or, with `unmask_output`,
 * numbered placeholders are put at the analyzer's offsets so the answer can get the originals back.
 */
export function createPresidioGuardrail(base: GuardrailBase, params: PresidioParams): Guardrail {
  const entities = params.actions === undefined ? undefined : [...params.actions.keys()];

  function kept(results: readonly PresidioAnalyzerResult[], length: number): PresidioAnalyzerResult[] {
    return results.filter((result) => {
      const type = result.entity_type.toUpperCase();
      if (params.denied.has(type) || result.end > length || result.start >= result.end) return false;
      const threshold = params.thresholds.get(type) ?? params.thresholds.get('ALL');
      return threshold === undefined || result.score >= threshold;
    });
  }

  const actionOf = (result: PresidioAnalyzerResult): 'mask' | 'block' => params.actions?.get(result.entity_type.toUpperCase()) ?? 'mask';

  async function checkText(text: GuardedText, ctx: CheckContext, signal: AbortSignal): Promise<TextOutcome> {
    if (text.text.trim() === '') return { text: text.text, entities: {} };
    const analyzed = presidioAnalyzeResponseSchema.safeParse(
      await postJson(params.analyzeUrl, { text: text.text, language: params.language, ...(entities ? { entities } : {}) }, {}, signal),
    );
    if (!analyzed.success) throw new GuardrailUnreachable('the analyzer answered outside the Presidio API');
    const offsets = codePointOffsets(text.text);
    const results = kept(analyzed.data, offsets.length);
    if (results.length === 0) return { text: text.text, entities: {} };
    const blocked = results.filter((result) => actionOf(result) === 'block');
    if (blocked.length > 0 && ctx.purpose === 'enforce') return { blocked };

    if (params.unmaskOutput && ctx.phase === 'request' && ctx.purpose === 'enforce') {
      const findings: Finding[] = results.map((result) => ({
        start: offsets.toUtf16(result.start),
        end: offsets.toUtf16(result.end),
        label: result.entity_type.toUpperCase(),
        action: 'mask',
      }));
      return maskFindings(text.text, resolveOverlaps(findings), ctx.vault, true);
    }
    const anonymized = presidioAnonymizeResponseSchema.safeParse(await postJson(params.anonymizeUrl, { text: text.text, analyzer_results: results }, {}, signal));
    if (!anonymized.success) throw new GuardrailUnreachable('the anonymizer answered outside the Presidio API');
    const counts: EntityCounts = {};
    for (const result of results) counts[result.entity_type] = (counts[result.entity_type] ?? 0) + 1;
    return { text: anonymized.data.text, entities: counts };
  }

  return {
    ...base,
    unmaskOutput: params.unmaskOutput,
    async check(texts, ctx): Promise<CheckResult> {
      const outcomes = await withDeadline(base.timeoutMs, ctx.signal, (signal) => mapLimited(texts, CONCURRENCY, (text) => checkText(text, ctx, signal)));
      const blocked = outcomes.flatMap((outcome) => ('blocked' in outcome ? outcome.blocked : []));
      if (blocked.length > 0) {
        const counts: EntityCounts = {};
        for (const result of blocked) counts[result.entity_type] = (counts[result.entity_type] ?? 0) + 1;
        return { verdict: 'block', reason: `${Object.keys(counts).join(', ')} detected`, entities: counts };
      }
      const masked = outcomes.map((outcome, i) => ('text' in outcome ? outcome.text : (texts[i]?.text ?? '')));
      const counts: EntityCounts = {};
      for (const outcome of outcomes) if ('entities' in outcome) for (const [type, n] of Object.entries(outcome.entities)) counts[type] = (counts[type] ?? 0) + n;
      return Object.keys(counts).length === 0 ? { verdict: 'pass' } : { verdict: 'mask', texts: masked, entities: counts };
    },
  };
}
