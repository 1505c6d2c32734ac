import { describe, expect, it } from 'vitest';
import { KeywordMatcher } from './keyword-matcher.ts';

const found = (keywords: string[], text: string): string[] => new KeywordMatcher(keywords).find(text).map((span) => text.slice(span.start, span.end));

describe('KeywordMatcher', () => {
  it('finds keywords case-insensitively, as whole words, Unicode letters included', () => {
    expect(found(['zeus', 'Project Zeus', 'café'], 'PROJECT ZEUS, zeus; Café! cafés zeuss xzeus')).toEqual(['PROJECT ZEUS', 'zeus', 'Café']);
  });

  it('falls back to a shorter keyword when the longer one is glued to a word', () => {
    expect(found(['zeus', 'project zeus'], 'subproject zeus')).toEqual(['zeus']);
  });

  it('needs no boundary on a side where the keyword is not a word character', () => {
    expect(found(['c++', '#secret', '$$$'], 'c++11 x#secret $$$$')).toEqual(['c++', '#secret', '$$$', '$$$']);
  });

  it('stays one pass with hundreds of keywords sharing a prefix, on a megabyte made of that prefix', () => {
    const keywords = Array.from({ length: 300 }, (_, i) => `${'a'.repeat(10 + (i % 20))}b${i}`);
    expect(found(keywords, 'a'.repeat(1_000_000))).toEqual([]);
    expect(found(keywords, `${'a'.repeat(100_000)} aaaaaaaaaab0 `)).toEqual(['aaaaaaaaaab0']);
  });
});
