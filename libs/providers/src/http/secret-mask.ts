/** Shorter values are never scanned for: they would mask ordinary text, and real credentials are longer. */
export const MIN_SECRET_LENGTH = 8;

const MASK_BYTE = 0x2a; // '*'
const EMPTY = Buffer.alloc(0);

/**
 * A deployment's credentials, to mask wherever upstream bytes reach a client (success bodies included: an
 * upstream or a proxy in front of it may echo the key). Each occurrence becomes `*` of the same length, so a
 * relayed Content-Length stays true. Built once per deployment; the common case (no secret in the text)
 * costs one indexOf per secret.
 */
export class SecretMask {
  static readonly none = new SecretMask([]);
  private readonly bytes: readonly Buffer[];

  private constructor(private readonly needles: readonly string[]) {
    this.bytes = needles.map((needle) => Buffer.from(needle));
  }

  /** Values shorter than MIN_SECRET_LENGTH are left out; each secret is also looked for as JSON escapes it. */
  static of(values: Iterable<string | undefined>): SecretMask {
    const needles = new Set<string>();
    for (const value of values) {
      if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH) continue;
      needles.add(value);
      const escaped = JSON.stringify(value).slice(1, -1); // a PEM key inside JSON text reads `\n`, not a newline
      if (escaped !== value) needles.add(escaped);
    }
    return needles.size === 0 ? SecretMask.none : new SecretMask([...needles]);
  }

  get empty(): boolean {
    return this.needles.length === 0;
  }

  maskText(text: string): string {
    let masked = text;
    for (const needle of this.needles) {
      if (masked.indexOf(needle) === -1) continue;
      masked = masked.split(needle).join('*'.repeat(needle.length));
    }
    return masked;
  }

  /** The chunk itself when nothing matched; a masked copy otherwise. */
  maskBytes(chunk: Buffer): Buffer {
    let masked = chunk;
    for (const needle of this.bytes) {
      let at = masked.indexOf(needle);
      if (at === -1) continue;
      if (masked === chunk) masked = Buffer.from(chunk);
      while (at !== -1) {
        masked.fill(MASK_BYTE, at, at + needle.length);
        at = masked.indexOf(needle, at + needle.length);
      }
    }
    return masked;
  }

  /** How many bytes at the end of `chunk` could be the start of a secret that the next chunk completes. */
  partialAtEnd(chunk: Buffer): number {
    let longest = 0;
    for (const needle of this.bytes) {
      const first = needle[0] as number;
      let at = chunk.indexOf(first, Math.max(0, chunk.length - (needle.length - 1)));
      while (at !== -1) {
        const length = chunk.length - at;
        if (length > longest && chunk.compare(needle, 0, length, at) === 0) {
          longest = length;
          break; // the earliest match is the longest for this secret
        }
        at = chunk.indexOf(first, at + 1);
      }
    }
    return longest;
  }

  /** A masker for one response's chunks: keeps back a tail that may be a secret split across chunks. */
  stream(): SecretMaskStream {
    return new SecretMaskStream(this);
  }
}

export class SecretMaskStream {
  private tail: Buffer | undefined;

  constructor(private readonly mask: SecretMask) {}

  /** What may go to the client now. */
  push(chunk: Buffer): Buffer {
    if (this.mask.empty) return chunk;
    const data = this.tail ? Buffer.concat([this.tail, chunk]) : chunk;
    this.tail = undefined;
    const masked = this.mask.maskBytes(data);
    const keep = this.mask.partialAtEnd(masked);
    if (keep === 0) return masked;
    this.tail = Buffer.from(masked.subarray(masked.length - keep));
    return masked.subarray(0, masked.length - keep);
  }

  /** The kept tail, at the end of the body: it never completed a secret. */
  end(): Buffer {
    const rest = this.tail ?? EMPTY;
    this.tail = undefined;
    return rest;
  }
}
