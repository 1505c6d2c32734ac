/**
 * A byte-pair encoding's ranks in flat typed arrays: the packed bytes (one length byte, then the token's
 * bytes, per rank, in rank order) and an open-addressing hash table from a byte string to its rank. o200k's
 * 200k ranks take about 4 MB this way; as a Map of strings they took 60-70 MB and 120 ms to build.
 */
export class BpeRanks {
  private constructor(
    private readonly packed: Uint8Array,
    /** Offset of each rank's first byte in `packed` (its length is the byte before it). */
    private readonly starts: Uint32Array,
    /** rank + 1 per slot, 0 for an empty slot. */
    private readonly slots: Int32Array,
    private readonly mask: number,
  ) {}

  static fromPacked(packed: Uint8Array): BpeRanks {
    let count = 0;
    for (let at = 0; at < packed.length; at += 1 + packed[at]!) count++;
    const starts = new Uint32Array(count);
    // A power of two at least 2.5x the ranks keeps linear probes short.
    let size = 1;
    while (size < count * 2.5) size *= 2;
    const slots = new Int32Array(size);
    const mask = size - 1;
    let at = 0;
    for (let rank = 0; rank < count; rank++) {
      const start = at + 1;
      const end = start + packed[at]!;
      starts[rank] = start;
      let slot = hashBytes(packed, start, end) & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = rank + 1;
      at = end;
    }
    return new BpeRanks(packed, starts, slots, mask);
  }

  get size(): number {
    return this.starts.length;
  }

  /** The rank of `bytes[from, to)`, or -1 when that byte string is not a token. */
  rankOf(bytes: Uint8Array, from: number, to: number): number {
    const length = to - from;
    const { packed, starts, slots, mask } = this;
    let slot = hashBytes(bytes, from, to) & mask;
    for (;;) {
      const entry = slots[slot]!;
      if (entry === 0) return -1;
      const start = starts[entry - 1]!;
      if (packed[start - 1] === length && sameBytes(packed, start, bytes, from, length)) return entry - 1;
      slot = (slot + 1) & mask;
    }
  }
}

/** FNV-1a, 32 bits. */
function hashBytes(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(a: Uint8Array, aFrom: number, b: Uint8Array, bFrom: number, length: number): boolean {
  for (let i = 0; i < length; i++) if (a[aFrom + i] !== b[bFrom + i]) return false;
  return true;
}
