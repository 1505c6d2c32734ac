import type { Finding } from '../guardrail.ts';

/**
 * Non-overlapping findings in text order: of overlapping ones, the one starting first wins, then the
 * longer, then the one listed first (findings arrive in their entity's priority order). A block always
 * survives, so a masked span can never hide an entity that must stop the call.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  const order = new Map(findings.map((finding, i) => [finding, i]));
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end || (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const kept: Finding[] = [];
  let lastEnd = -1;
  for (const finding of sorted) {
    if (finding.start >= lastEnd) {
      kept.push(finding);
      lastEnd = finding.end;
    } else if (finding.action === 'block') {
      kept.push(finding);
    }
  }
  return kept;
}
