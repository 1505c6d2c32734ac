import { RE2JS } from 're2js';
import { z } from 'zod';
import { maskOrBlock, stringList } from '../../config/config-values.ts';

/** A pattern compiled by re2js, the linear-time engine: backreferences and lookarounds are refused. */
export interface CompiledPattern {
  source: string;
  regex: RE2JS;
}

function compile(source: string): CompiledPattern | string {
  try {
    const regex = RE2JS.compile(source);
    if (regex.matches('')) return `"${source}" matches the empty string`;
    return { source, regex };
  } catch (error) {
    return `"${source}" is not a pattern re2js runs (linear-time syntax: no backreferences or lookarounds): ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * `keywords`' parameters: banned words (`keywords`, matched case-insensitively as whole words, see keyword-matcher.ts) and
 * regular expressions (`patterns`, re2js syntax, case-sensitive unless they say `(?i)`); `action` is
 * `block` (default) or `mask`.
 */
export const keywordsParamsSchema = z
  .object({
    keywords: stringList.optional(),
    patterns: stringList.optional(),
    action: maskOrBlock.optional(),
  })
  .transform((params, ctx) => {
    const keywords = (params.keywords ?? []).map((keyword) => keyword.trim()).filter((keyword) => keyword !== '');
    const patterns: CompiledPattern[] = [];
    (params.patterns ?? []).forEach((source, i) => {
      const compiled = compile(source);
      if (typeof compiled === 'string') ctx.addIssue({ code: 'custom', path: ['patterns', i], message: compiled });
      else patterns.push(compiled);
    });
    if (keywords.length === 0 && (params.patterns ?? []).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['keywords'], message: 'required: give keywords, patterns or both' });
    }
    return { keywords, patterns, action: params.action ?? 'block' };
  });

export type KeywordsParams = z.output<typeof keywordsParamsSchema>;
