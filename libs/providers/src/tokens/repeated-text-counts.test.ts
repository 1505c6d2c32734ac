import { describe, expect, it } from 'vitest';
import { RepeatedTextCounts } from './repeated-text-counts.ts';
import { countO200kTokens } from './o200k-counter.ts';

describe('RepeatedTextCounts', () => {
  it('counts a repeated text once and answers what counting it would', () => {
    let counted = 0;
    const counts = new RepeatedTextCounts((text) => {
      counted++;
      return countO200kTokens(text);
    });
    const system = 'You are a concise assistant for an internal engineering team. Answer in plain English, and keep it short.';
    const first = counts.tokensOf(system);
    const again = counts.tokensOf(`${system.slice(0, 10)}${system.slice(10)}`); // equal text, another string
    expect(first).toBe(countO200kTokens(system));
    expect(again).toBe(first);
    expect(counted).toBe(1);
    // A one-sentence system prompt is kept too: counting it costs many times the lookup.
    counts.tokensOf('You are a concise assistant.');
    counts.tokensOf('You are a concise assistant.');
    expect(counted).toBe(2);
  });

  it('counts short and very long texts every time, without keeping them', () => {
    let counted = 0;
    const counts = new RepeatedTextCounts((text) => {
      counted++;
      return text.length;
    });
    counts.tokensOf('hi');
    counts.tokensOf('hi');
    counts.tokensOf('x'.repeat(20_000));
    counts.tokensOf('x'.repeat(20_000));
    expect(counted).toBe(4);
    expect(counts.size).toBe(0);
  });

  it('keeps at most its budget of characters, evicting the oldest texts first', () => {
    const counts = new RepeatedTextCounts((text) => text.length, 1_000);
    const texts = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(3, '0')} ${'word '.repeat(20)}`);
    for (const text of texts) counts.tokensOf(text);
    expect(counts.size).toBeLessThanOrEqual(Math.floor(1_000 / texts[0]!.length));
    let counted = 0;
    const probe = new RepeatedTextCounts((text) => {
      counted++;
      return text.length;
    }, 1_000);
    for (const text of texts) probe.tokensOf(text);
    const before = counted;
    probe.tokensOf(texts[texts.length - 1]!); // the newest is kept
    expect(counted).toBe(before);
    probe.tokensOf(texts[0]!); // the oldest was evicted
    expect(counted).toBe(before + 1);
  });

  it('counts each kept text\'s overhead against the budget, so short texts cannot grow it', () => {
    const counts = new RepeatedTextCounts((text) => text.length, 1_000);
    for (let i = 0; i < 200; i++) counts.tokensOf(`sixteen chars ${String(i).padStart(3, '0')}`);
    expect(counts.size).toBeGreaterThan(0);
    expect(counts.size).toBeLessThanOrEqual(Math.floor(1_000 / (17 + 64)));
  });
});
