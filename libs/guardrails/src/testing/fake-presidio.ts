import { startFakeJsonServer, type FakeJsonServer } from './fake-json-server.ts';

interface AnalyzeRequest {
  text: string;
  language: string;
  entities?: string[];
}

interface AnalyzerResult {
  entity_type: string;
  start: number;
  end: number;
  score: number;
}

/** A stand-in recognizer per entity type, with the score Presidio's own recognizers give. */
const RECOGNIZERS: readonly [entity: string, pattern: RegExp, score: number][] = [
  ['EMAIL_ADDRESS', /[\w.+-]+@[\w-]+\.[\w.]+\w/gu, 1.0],
  ['PHONE_NUMBER', /\+?\d[\d -]{7,}\d/gu, 0.75],
  ['PERSON', /\b(?:Jane Doe|John Smith)\b/gu, 0.85],
];

/**
 * A fake of Presidio's analyzer and anonymizer following their HTTP APIs: `POST /analyze` takes
 * `{text, language, entities?}` and answers a list of `{entity_type, start, end, score}` with offsets in
 * code points (Presidio is Python); `POST /anonymize` takes `{text, analyzer_results}` and answers
 * `{text, items}`, replacing each result with `<ENTITY_TYPE>` (its default `replace` operator).
 */
export function startFakePresidio(): Promise<FakeJsonServer> {
  return startFakeJsonServer({
    'POST /analyze': (json) => {
      const request = json as AnalyzeRequest;
      const results: AnalyzerResult[] = [];
      for (const [entity, pattern, score] of RECOGNIZERS) {
        if (request.entities && !request.entities.includes(entity)) continue;
        for (const match of request.text.matchAll(pattern)) {
          const start = [...request.text.slice(0, match.index)].length;
          results.push({ entity_type: entity, start, end: start + [...match[0]].length, score });
        }
      }
      return { json: results.sort((a, b) => a.start - b.start).map((result) => ({ ...result, analysis_explanation: null, recognition_metadata: { recognizer_name: 'Fake' } })) };
    },
    'POST /anonymize': (json) => {
      const request = json as { text: string; analyzer_results: AnalyzerResult[] };
      const chars = [...request.text];
      const items: unknown[] = [];
      let out = '';
      let at = 0;
      for (const result of [...request.analyzer_results].sort((a, b) => a.start - b.start)) {
        if (result.start < at) continue;
        const replacement = `<${result.entity_type}>`;
        out += chars.slice(at, result.start).join('');
        items.push({ start: [...out].length, end: [...out].length + replacement.length, entity_type: result.entity_type, text: replacement, operator: 'replace' });
        out += replacement;
        at = result.end;
      }
      return { json: { text: out + chars.slice(at).join(''), items } };
    },
  });
}
