import type { CheckContext, CheckResult, EntityCounts, Finding, GuardedText, ScanBudget, TextScanner } from '../guardrail.ts';
import { maskFindings } from './mask-findings.ts';

/** Costly validations one check (or one stream) may make; past them, scanners fall back to shapes. */
export const VALIDATIONS_PER_CHECK = 200;

export const newScanBudget = (): ScanBudget => ({ validations: VALIDATIONS_PER_CHECK });

function countLabels(findings: readonly Finding[]): EntityCounts {
  const counts: EntityCounts = {};
  for (const finding of findings) counts[finding.label] = (counts[finding.label] ?? 0) + 1;
  return counts;
}

/** `EMAIL, CREDIT_CARD detected`: names what was found, never the text. */
export function blockReason(findings: readonly Finding[]): string {
  const labels = [...new Set(findings.map((finding) => finding.label))].join(', ');
  const score = findings.reduce((max, finding) => Math.max(max, finding.score ?? 0), 0);
  return score > 0 ? `${labels} detected (score ${score.toFixed(2)})` : `${labels} detected`;
}

/**
 * A local guardrail's check over whole texts. Enforcing, any `block` finding blocks and `mask` findings are
 * replaced by placeholders (restorable ones when the guardrail unmasks the answer). Logging, a redacting
 * guardrail masks everything it found; a verdict guardrail's block comes back as a block the runner only
 * records.
 */
export function scannerCheck(scanner: TextScanner, unmaskOutput: boolean) {
  return async function check(texts: readonly GuardedText[], ctx: CheckContext): Promise<CheckResult> {
    const budget = newScanBudget();
    const perText = texts.map((text) => scanner.scan(text.text, budget));
    const all = perText.flat();
    if (all.length === 0) return { verdict: 'pass' };
    const blocks = all.filter((finding) => finding.action === 'block');
    const logging = ctx.purpose === 'log';
    if (blocks.length > 0 && (!logging || !scanner.redacts)) {
      const score = blocks.reduce<number | undefined>((max, finding) => (finding.score === undefined ? max : Math.max(max ?? 0, finding.score)), undefined);
      return { verdict: 'block', reason: blockReason(blocks), entities: countLabels(blocks), ...(score === undefined ? {} : { score }) };
    }
    const restorable = unmaskOutput && ctx.phase === 'request' && !logging;
    const entities: EntityCounts = {};
    const masked = texts.map((text, i) => {
      const findings = perText[i] ?? [];
      const result = maskFindings(text.text, findings, ctx.vault, restorable);
      for (const [label, count] of Object.entries(result.entities)) entities[label] = (entities[label] ?? 0) + count;
      return result.text;
    });
    return { verdict: 'mask', texts: masked, entities };
  };
}
