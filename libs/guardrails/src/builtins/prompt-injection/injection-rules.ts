/**
 * The prompt-injection heuristics: phrases that try to override the instructions a model was given or to
 * make it print them. Each rule has a weight; a text's score combines the weights of the rules it matches
 * (1 - Π(1 - w)), so one strong signal or several weak ones pass the threshold. This is a heuristic: it
 * misses paraphrases and other languages, and flags texts that discuss injections.
 *
 * These fixed patterns run on V8's engine (re2js took about a second per megabyte for the set) and are
 * written not to backtrack: each repetition is bounded (`{0,4}`) or ends where its successor's first
 * character cannot be, so a failing attempt costs at most a few words. adversarial-inputs.test.ts feeds
 * them the inputs that would show otherwise. Patterns from the config always run on re2js.
 */
export interface InjectionRule {
  name: string;
  weight: number;
  /** Any of them matching counts the rule once. */
  regexes: readonly RegExp[];
}

/** Up to four words between a verb and its object: "ignore [all of your previous] instructions". */
const FILLER = '(?:\\W+\\w+){0,4}?\\W+';

const rule = (name: string, weight: number, ...patterns: (string | RegExp)[]): InjectionRule => ({
  name,
  weight,
  regexes: patterns.map((pattern) => (typeof pattern === 'string' ? new RegExp(pattern, 'i') : pattern)),
});

export const INJECTION_RULES: readonly InjectionRule[] = [
  rule('instruction_override', 0.6, `\\b(?:ignore|disregard|forget|override|bypass)${FILLER}(?:instructions?|prompts?|rules|directions|guidelines|guardrails|restrictions)\\b`),
  rule(
    'system_prompt_extraction',
    0.6,
    `\\b(?:reveal|show|print|repeat|output|display|leak|dump|tell\\s+me|give\\s+me|what\\s+(?:is|are|was|were))${FILLER}(?:system\\s+(?:prompt|message|instructions)|initial\\s+(?:prompt|instructions)|hidden\\s+(?:prompt|instructions)|(?:instructions|prompt|rules)\\s+(?:above|verbatim))\\b`,
  ),
  rule('repeat_context', 0.5, `\\b(?:repeat|print|output|copy)\\s+(?:everything|all|the\\s+(?:text|words|content|lines))\\s+(?:above|before|preceding)\\b`),
  // "DAN" only in capitals: Dan is a name.
  rule('jailbreak_persona', 0.4, /\bDAN\b/, `\\b(?:do\\s+anything\\s+now|developer\\s+mode|god\\s+mode|jailbr(?:eak|oken)(?:ed)?)\\b`),
  rule(
    'role_reassignment',
    0.4,
    `\\b(?:you\\s+are\\s+now|act\\s+as|pretend\\s+(?:to\\s+be|you\\s+are)|from\\s+now\\s+on\\s+you)(?:\\W+\\w+){0,4}?\\W+(?:unrestricted|unfiltered|uncensored|without\\s+(?:any\\s+)?(?:rules|restrictions|limits))\\b`,
  ),
  rule('fake_delimiter', 0.4, `(?:<\\|im_start\\|>|<\\|system\\|>|\\[/?INST\\]|</?system>|###\\s*(?:system|instructions?)\\s*:)`),
  rule('new_instructions', 0.3, `\\b(?:new|updated|real|actual|revised)\\s+(?:system\\s+)?instructions?\\s*:`),
];
