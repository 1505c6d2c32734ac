/** `[EMAIL_1]`, `[CREDIT_CARD_2]`, `[EMAIL_ADDRESS_3]`: what a masked entity becomes. */
const PLACEHOLDER = /\[[A-Z][A-Z0-9_]*_\d+\]/g;

/**
 * The placeholders of one call. The same value gets the same placeholder everywhere in the call (so the
 * model can still tell two people apart), numbered per entity type. Placeholders put in the request by a
 * guardrail with `unmask_output` are restorable: the answer gets their originals back; others never are.
 */
export class PlaceholderVault {
  private readonly counters = new Map<string, number>();
  private readonly byValue = new Map<string, string>();
  private readonly originals = new Map<string, string>();

  placeholderFor(label: string, original: string, restorable: boolean): string {
    const key = `${label}\u0000${original}`;
    let placeholder = this.byValue.get(key);
    if (placeholder === undefined) {
      const next = (this.counters.get(label) ?? 0) + 1;
      this.counters.set(label, next);
      placeholder = `[${label}_${next}]`;
      this.byValue.set(key, placeholder);
    }
    if (restorable) this.originals.set(placeholder, original);
    return placeholder;
  }

  get hasRestorable(): boolean {
    return this.originals.size > 0;
  }

  /** The text with every restorable placeholder replaced by its original. */
  restore(text: string): string {
    if (this.originals.size === 0 || !text.includes('[')) return text;
    return text.replace(PLACEHOLDER, (placeholder) => this.originals.get(placeholder) ?? placeholder);
  }
}
