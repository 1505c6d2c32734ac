import { describe, expect, it } from 'vitest';
import { keyTagsOf, tagListOf } from './entity-tags.ts';

describe("a key's tags", () => {
  it('are its tags and its metadata tags, each once, ignoring what is not a tag', () => {
    expect(keyTagsOf(['a', 'b'], { tags: ['b', 'c', '', 7, null] })).toEqual(['a', 'b', 'c']);
    expect(keyTagsOf(null, { tags: 'not a list' })).toEqual([]);
    expect(keyTagsOf(undefined, undefined)).toEqual([]);
    expect(tagListOf(['x', { y: 1 }])).toEqual(['x']);
  });
});
