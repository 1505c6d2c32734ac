import type { EntityCounts, Finding } from '../guardrail.ts';
import type { PlaceholderVault } from './placeholder-vault.ts';

export interface MaskedText {
  text: string;
  entities: EntityCounts;
}

/**
 * The text with each finding replaced by its placeholder. Findings must be in text order; one that
 * overlaps the previous is skipped (its text is already gone).
 */
export function maskFindings(text: string, findings: readonly Finding[], vault: PlaceholderVault, restorable: boolean): MaskedText {
  const entities: EntityCounts = {};
  if (findings.length === 0) return { text, entities };
  let out = '';
  let at = 0;
  for (const finding of findings) {
    if (finding.start < at) continue;
    out += text.slice(at, finding.start) + vault.placeholderFor(finding.label, text.slice(finding.start, finding.end), restorable);
    entities[finding.label] = (entities[finding.label] ?? 0) + 1;
    at = finding.end;
  }
  return { text: out + text.slice(at), entities };
}

export function addCounts(into: EntityCounts, more: EntityCounts): EntityCounts {
  for (const [label, count] of Object.entries(more)) into[label] = (into[label] ?? 0) + count;
  return into;
}
