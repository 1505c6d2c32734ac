import { describe, expect, it } from 'vitest';
import { numberOnly, toStopList } from './param-transforms.ts';
import { renameParams, type ParamRename } from './rename-params.ts';

const TABLE: readonly ParamRename[] = [
  { from: ['max_completion_tokens', 'max_tokens'], to: 'maxOutputTokens' },
  { from: 'top_p', to: 'topP' },
  { from: 'top_k', to: 'topK', transform: numberOnly },
  { from: 'stop', to: 'stopSequences', transform: toStopList },
];

describe('renameParams', () => {
  it('renames present fields, reshapes through the transform and skips absent or null ones', () => {
    const warnings: string[] = [];
    const renamed = renameParams('gemini', { max_tokens: 10, top_p: 0.5, top_k: null, stop: 'END', temperature: 1 }, TABLE, (w) => warnings.push(w));
    expect(renamed).toEqual({ maxOutputTokens: 10, topP: 0.5, stopSequences: ['END'] });
    expect(warnings).toEqual([]);
  });

  it('reads the first present field of a list', () => {
    expect(renameParams('x', { max_tokens: 10, max_completion_tokens: 20 }, TABLE, undefined)).toEqual({ maxOutputTokens: 20 });
    expect(renameParams('x', { max_tokens: 10, max_completion_tokens: null }, TABLE, undefined)).toEqual({ maxOutputTokens: 10 });
  });

  it('drops a value the transform refuses, with a warning naming the field', () => {
    const warnings: string[] = [];
    const renamed = renameParams('cohere', { top_k: '40', stop: ['a', 1] }, TABLE, (w) => warnings.push(w));
    expect(renamed).toEqual({});
    expect(warnings).toEqual([
      "cohere cannot take 'top_k' as sent; it was dropped from the request",
      "cohere cannot take 'stop' as sent; it was dropped from the request",
    ]);
  });
});
