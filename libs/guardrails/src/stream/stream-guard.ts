import { GuardrailViolationError } from '../errors/guardrail-violation-error.ts';
import type { EntityCounts, Finding, Guardrail, ScanBudget, TextScanner } from '../guardrail.ts';
import { maskFindings } from '../engine/mask-findings.ts';
import type { PlaceholderVault } from '../engine/placeholder-vault.ts';
import { resolveOverlaps } from '../engine/resolve-overlaps.ts';
import type { GuardrailOutcome } from '../outcome.ts';
import { blockReason, newScanBudget } from '../engine/scanner-check.ts';

/**
 * Checks one stream of output text (one choice's content, one content block) as it arrives: text in, text
 * out. `push` returns what may be sent now (possibly ''); `end` returns the rest. Both throw
 * GuardrailViolationError when a guardrail blocks (and `end` GuardrailUnavailableError when one cannot
 * run): the gateway then ends the stream with an error event in the client's format.
 */
export interface StreamGuard {
  push(delta: string): string;
  end(): Promise<string>;
}

export interface StreamGuardOptions {
  /** Text held back so an entity split across chunks is still seen whole (default 256 characters). */
  windowChars?: number;
  /** The cut moves back to a whitespace so a token is not split, unless that holds more than this (default 2048). */
  maxHoldChars?: number;
  /** The window is scanned once this many new characters are held beyond it, not on every chunk (default 64). */
  scanEveryChars?: number;
}

export interface StreamGuardSetup {
  /** Local guardrails, run on the held-back window. */
  scanners: readonly { guardrail: Guardrail; scanner: TextScanner }[];
  /**
   * Set when a post_call guardrail can only judge whole texts (a remote service): the whole output is then
   * held and given to this at the end; it runs every post_call guardrail and restores placeholders.
   */
  checkWhole?: (text: string) => Promise<string>;
  vault: PlaceholderVault;
  record: (outcome: GuardrailOutcome) => void;
}

const WHITESPACE = /\s/;
const MAX_PLACEHOLDER = 64;

/** The stream guard of a call's post_call stage; see GuardrailCall.streamGuard. */
export class WindowedStreamGuard implements StreamGuard {
  private pending = '';
  private ended = false;
  private readonly window: number;
  private readonly maxHold: number;
  private readonly step: number;
  private readonly counts = new Map<string, EntityCounts>();
  private readonly scanMs = new Map<string, number>();
  private readonly budget: ScanBudget = newScanBudget();

  constructor(
    private readonly setup: StreamGuardSetup,
    options: StreamGuardOptions = {},
  ) {
    const scanning = setup.scanners.length > 0;
    this.window = scanning ? (options.windowChars ?? 256) : 0;
    this.maxHold = options.maxHoldChars ?? 2048;
    this.step = scanning ? (options.scanEveryChars ?? 64) : 0;
  }

  push(delta: string): string {
    if (this.ended) throw new Error('StreamGuard.push after the stream ended');
    this.pending += delta;
    if (this.setup.checkWhole || this.pending.length < this.window + this.step) return '';
    return this.release(false);
  }

  async end(): Promise<string> {
    if (this.ended) return '';
    this.ended = true;
    if (this.setup.checkWhole) return this.setup.checkWhole(this.pending);
    const out = this.release(true);
    this.recordOutcomes();
    return out;
  }

  private release(final: boolean): string {
    const { scanners, vault } = this.setup;
    const owner = new Map<Finding, string>();
    const masks: Finding[] = [];
    for (const { guardrail, scanner } of scanners) {
      const started = performance.now();
      const findings = scanner.scan(this.pending, this.budget);
      this.scanMs.set(guardrail.name, (this.scanMs.get(guardrail.name) ?? 0) + performance.now() - started);
      const blocks = findings.filter((finding) => finding.action === 'block');
      if (blocks.length > 0) this.block(guardrail, blocks);
      for (const finding of findings) {
        owner.set(finding, guardrail.name);
        masks.push(finding);
      }
    }
    const findings = resolveOverlaps(masks);
    const cut = final ? this.pending.length : this.safeCut(findings);
    if (cut <= 0) return '';
    const released = findings.filter((finding) => finding.end <= cut);
    const masked = maskFindings(this.pending.slice(0, cut), released, vault, false);
    for (const finding of released) {
      const name = owner.get(finding) ?? '';
      const counts = this.counts.get(name) ?? {};
      counts[finding.label] = (counts[finding.label] ?? 0) + 1;
      this.counts.set(name, counts);
    }
    this.pending = this.pending.slice(cut);
    return vault.restore(masked.text);
  }

  /**
   * Where the held text may be cut: `window` characters before its end, moved back to just after a
   * whitespace (a token is not split, unless that holds back more than maxHold), then before any finding or
   * placeholder the cut would split.
   */
  private safeCut(findings: readonly Finding[]): number {
    const text = this.pending;
    let cut = text.length - this.window;
    if (this.window > 0) {
      const floor = Math.max(0, text.length - this.maxHold);
      for (let i = cut - 1; i >= floor; i--) {
        if (WHITESPACE.test(text[i] ?? '')) {
          cut = i + 1;
          break;
        }
      }
    }
    // Each rule only moves the cut back, so this settles; a finding must never be split by the placeholder rule.
    for (let previous = -1; previous !== cut; ) {
      previous = cut;
      for (const finding of findings) if (finding.start < cut && finding.end > cut) cut = finding.start;
      const open = text.lastIndexOf('[', cut - 1);
      if (open !== -1 && cut - open < MAX_PLACEHOLDER) {
        const close = text.indexOf(']', open);
        if (close === -1 || close >= cut) cut = open;
      }
    }
    return cut;
  }

  private block(guardrail: Guardrail, blocks: readonly Finding[]): never {
    this.ended = true;
    const entities: EntityCounts = {};
    for (const finding of blocks) entities[finding.label] = (entities[finding.label] ?? 0) + 1;
    const score = blocks.reduce<number | undefined>((max, finding) => (finding.score === undefined ? max : Math.max(max ?? 0, finding.score)), undefined);
    const outcome: GuardrailOutcome = {
      guardrail: guardrail.name,
      type: guardrail.type,
      mode: 'post_call',
      action: 'blocked',
      entities,
      reason: blockReason(blocks),
      durationMs: this.durationOf(guardrail.name),
      ...(score === undefined ? {} : { score }),
    };
    this.setup.record(outcome);
    throw new GuardrailViolationError(outcome, 'response');
  }

  private durationOf(name: string): number {
    return Math.round((this.scanMs.get(name) ?? 0) * 1000) / 1000;
  }

  private recordOutcomes(): void {
    for (const { guardrail } of this.setup.scanners) {
      const entities = this.counts.get(guardrail.name);
      const base = { guardrail: guardrail.name, type: guardrail.type, mode: 'post_call' as const, durationMs: this.durationOf(guardrail.name) };
      this.setup.record(entities ? { ...base, action: 'masked', entities } : { ...base, action: 'passed' });
    }
  }
}
