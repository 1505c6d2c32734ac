import type { Finding } from '../guardrail.ts';

/** Text order: earlier start first, then the longer, then the one listed first (its entity's priority). */
function inTextOrder(findings: readonly Finding[]): readonly Finding[] {
  let sorted = true;
  for (let i = 1; i < findings.length && sorted; i++) {
    const previous = findings[i - 1] as Finding;
    const current = findings[i] as Finding;
    sorted = previous.start < current.start || (previous.start === current.start && previous.end >= current.end);
  }
  if (sorted) return findings;
  const starts = Int32Array.from(findings, (finding) => finding.start);
  const ends = Int32Array.from(findings, (finding) => finding.end);
  const order = Array.from(findings.keys()).sort((a, b) => (starts[a] as number) - (starts[b] as number) || (ends[b] as number) - (ends[a] as number) || a - b);
  return order.map((i) => findings[i] as Finding);
}

/**
 * Non-overlapping findings in text order: of overlapping ones, the one starting first wins, then the
 * longer, then the one listed first (findings arrive in their entity's priority order). A block always
 * survives, so a masked span can never hide an entity that must stop the call.
 */
export function resolveOverlaps(findings: readonly Finding[]): Finding[] {
  if (findings.length < 2) return [...findings];
  const kept: Finding[] = [];
  let lastEnd = -1;
  for (const finding of inTextOrder(findings)) {
    if (finding.start >= lastEnd) {
      kept.push(finding);
      lastEnd = finding.end;
    } else if (finding.action === 'block') {
      kept.push(finding);
    }
  }
  return kept;
}
