import { RE2JS } from 're2js';

/**
 * The prompt-injection heuristics: phrases that try to override the instructions a model was given or to
 * make it print them. Each rule has a weight; a text's score combines the weights of the rules it matches
 * (1 - Π(1 - w)), so one strong signal or several weak ones pass the threshold. This is a heuristic: it
 * misses paraphrases and other languages, and flags texts that discuss injections.
 */
export interface InjectionRule {
  name: string;
  weight: number;
  regex: RE2JS;
}

const FILLER = '(?:\\W+\\w+){0,4}?\\W+';

const RULES: readonly [name: string, weight: number, pattern: string][] = [
  ['instruction_override', 0.6, `\\b(?:ignore|disregard|forget|override|bypass)${FILLER}(?:instructions?|prompts?|rules|directions|guidelines|guardrails|restrictions)\\b`],
  ['system_prompt_extraction', 0.6, `\\b(?:reveal|show|print|repeat|output|display|leak|dump|tell\\s+me|give\\s+me|what\\s+(?:is|are|was|were))${FILLER}(?:system\\s+(?:prompt|message|instructions)|initial\\s+(?:prompt|instructions)|hidden\\s+(?:prompt|instructions)|(?:instructions|prompt|rules)\\s+(?:above|verbatim))\\b`],
  ['repeat_context', 0.5, `\\b(?:repeat|print|output|copy)\\s+(?:everything|all|the\\s+(?:text|words|content|lines))\\s+(?:above|before|preceding)\\b`],
  ['jailbreak_persona', 0.4, `\\b(?:(?-i:DAN)|do\\s+anything\\s+now|developer\\s+mode|god\\s+mode|jailbr(?:eak|oken)(?:ed)?)\\b`],
  ['role_reassignment', 0.4, `\\b(?:you\\s+are\\s+now|act\\s+as|pretend\\s+(?:to\\s+be|you\\s+are)|from\\s+now\\s+on\\s+you)${FILLER}?(?:unrestricted|unfiltered|uncensored|without\\s+(?:any\\s+)?(?:rules|restrictions|limits))\\b`],
  ['fake_delimiter', 0.4, `(?:<\\|im_start\\|>|<\\|system\\|>|\\[/?INST\\]|</?system>|###\\s*(?:system|instructions?)\\s*:)`],
  ['new_instructions', 0.3, `\\b(?:new|updated|real|actual|revised)\\s+(?:system\\s+)?instructions?\\s*:`],
];

export const INJECTION_RULES: readonly InjectionRule[] = RULES.map(([name, weight, pattern]) => ({
  name,
  weight,
  regex: RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE),
}));
