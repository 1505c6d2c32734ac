import type { Span } from '../pii/span.ts';

const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** A letter, digit or `_` at `i` (ASCII answered without the Unicode regex). */
function isWordAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (Number.isNaN(code)) return false;
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
  return WORD_CHAR.test(text[i] ?? '');
}

/**
 * A code unit's lower case when that is one code unit too, so offsets in the folded text are offsets in
 * the original (`İ`, whose lower case is two code units, folds to itself).
 */
function foldUnit(code: number): number {
  if (code < 128) return code >= 65 && code <= 90 ? code + 32 : code;
  const lower = String.fromCharCode(code).toLowerCase();
  return lower.length === 1 ? lower.charCodeAt(0) : code;
}

interface Node {
  next: Map<number, number>;
  fail: number;
  /** Length of the keyword ending at this node, or 0. */
  length: number;
  /** The nearest node on the fail chain that ends a keyword (a shorter keyword ending here), or -1. */
  outputLink: number;
}

/**
 * Case-insensitive whole-word keyword search in one pass over the text, whatever the number of keywords
 * (Aho-Corasick over case-folded UTF-16 code units). A regex alternation of the keywords costs, on either
 * engine, time proportional to the text times the keywords' total length on inputs made of their common
 * prefixes (200 keywords took 11 s on 1 MB with re2js, 2 s with V8); this stays linear.
 */
export class KeywordMatcher {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, length: 0, outputLink: -1 }];

  constructor(keywords: readonly string[]) {
    for (const keyword of keywords) this.add(keyword);
    this.link();
  }

  private add(keyword: string): void {
    let at = 0;
    for (let i = 0; i < keyword.length; i++) {
      const code = foldUnit(keyword.charCodeAt(i));
      let next = this.nodes[at]?.next.get(code);
      if (next === undefined) {
        next = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, length: 0, outputLink: -1 });
        this.nodes[at]?.next.set(code, next);
      }
      at = next;
    }
    const end = this.nodes[at];
    if (end && keyword.length > 0) end.length = keyword.length;
  }

  /** Breadth-first: each node's fail link is the longest proper suffix of its path that is also in the trie. */
  private link(): void {
    const queue: number[] = [...(this.nodes[0]?.next.values() ?? [])];
    for (let head = 0; head < queue.length; head++) {
      const index = queue[head] as number;
      const node = this.nodes[index] as Node;
      for (const [code, child] of node.next) {
        let fail = node.fail;
        while (fail !== 0 && !this.nodes[fail]?.next.has(code)) fail = this.nodes[fail]?.fail ?? 0;
        const target = this.nodes[fail]?.next.get(code);
        const childNode = this.nodes[child] as Node;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        const failNode = this.nodes[childNode.fail] as Node;
        childNode.outputLink = failNode.length > 0 ? childNode.fail : failNode.outputLink;
        queue.push(child);
      }
    }
  }

  /**
   * Keyword matches standing as whole words (not glued to a letter, digit or `_` on a side where the
   * keyword itself starts or ends with one). At each end position the longest such keyword is kept.
   */
  find(text: string): Span[] {
    const spans: Span[] = [];
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = foldUnit(text.charCodeAt(i));
      while (state !== 0 && !this.nodes[state]?.next.has(code)) state = this.nodes[state]?.fail ?? 0;
      state = this.nodes[state]?.next.get(code) ?? 0;
      const node = this.nodes[state] as Node;
      let output = node.length > 0 ? state : node.outputLink;
      if (output === -1) continue;
      const end = i + 1;
      if (isWordAt(text, i) && isWordAt(text, end)) continue;
      while (output !== -1) {
        const candidate = this.nodes[output] as Node;
        const start = end - candidate.length;
        if (!(isWordAt(text, start) && isWordAt(text, start - 1))) {
          spans.push({ start, end });
          break;
        }
        output = candidate.outputLink;
      }
    }
    return spans;
  }
}
