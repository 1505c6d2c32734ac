/**
 * A static check that SQL text is never assembled from strings: outside libs/db nothing builds SQL at all
 * (no drizzle `sql` templates, no `sql.raw`, no interpolated or concatenated query text), and inside it
 * values reach queries only through drizzle's query builder, its parameterized `sql` template, or bound
 * parameters. It reads TypeScript with a small lexer (strings, comments, regex literals, templates), which
 * is enough for this repository's code; it is a tripwire for review, not a proof.
 */
export interface SqlFinding {
  path: string;
  line: number;
  rule: string;
  excerpt: string;
}

interface TemplateLiteral {
  start: number;
  /** The identifier right before the backtick, for tagged templates (`sql`). */
  tag: string | undefined;
  /** The template's text without its `${...}` parts. */
  text: string;
  expressions: string[];
}

const SQL_TEXT = /^\s*(?:select\s[\s\S]*\bfrom\s|insert\s+into\s|update\s+\S+\s+set\s|delete\s+from\s|(?:create|drop|alter|truncate)\s+(?:table|database|role|schema|index|function|view)\s)/i;
const QUERY_CALL_BEFORE = /\.(?:query|execute|unsafe)\(\s*$/;
/** node-postgres's own quoting, the accepted way to put an identifier or literal into DDL a test runs. */
const ESCAPE_CALL = /^\s*(?:[\w$]+\.)*escape(?:Identifier|Literal)\([^()]*\)\s*$/;
const CONCATENATED_QUERY = /\.(?:query|execute|unsafe)\(\s*(?:(['"])(?:\\.|(?!\1)[^\\\n])*\1|[\w$.]+)\s*\+/g;
const RAW_CALL = /\bsql\.raw\(\s*/g;
const CONSTANT_RAW_ARGUMENT = /^(['"])(?:\\.|(?!\1)[^\\\n])*\1\s*\)/;
const REGEX_MAY_FOLLOW = /[(,=:[!&|?{};+\-*%<>~^]$|(?:^|[^\w$])(?:return|typeof|case|in|of)$/;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/**
 * Every template literal in `source`, nested ones included (strings, comments and regexes skipped), and the
 * source with its comments blanked out (same length and lines), for the plain-text rules.
 */
export function lexTemplates(source: string): { templates: TemplateLiteral[]; code: string } {
  const found: TemplateLiteral[] = [];
  const comments: [number, number][] = [];

  const skipQuoted = (i: number, quote: string): number => {
    for (let j = i + 1; j < source.length; j++) {
      if (source[j] === '\\') j++;
      else if (source[j] === quote || source[j] === '\n') return j + 1;
    }
    return source.length;
  };

  const skipRegex = (i: number): number => {
    let inClass = false;
    for (let j = i + 1; j < source.length; j++) {
      const c = source[j];
      if (c === '\\') j++;
      else if (c === '[') inClass = true;
      else if (c === ']') inClass = false;
      else if (c === '/' && !inClass) return j + 1;
      else if (c === '\n') return j + 1;
    }
    return source.length;
  };

  /** Scans code from `i` until an unmatched `}` (when `untilBrace`) or the end; returns where it stopped. */
  const scanCode = (i: number, untilBrace: boolean): number => {
    let depth = 0;
    let previous = '';
    while (i < source.length) {
      const c = source[i] as string;
      const next = source[i + 1];
      if (c === '/' && next === '/') {
        const end = source.indexOf('\n', i);
        comments.push([i, end === -1 ? source.length : end]);
        i = end === -1 ? source.length : end;
        continue;
      }
      if (c === '/' && next === '*') {
        const end = source.indexOf('*/', i + 2);
        comments.push([i, end === -1 ? source.length : end + 2]);
        i = end === -1 ? source.length : end + 2;
        continue;
      }
      if (c === '/' && REGEX_MAY_FOLLOW.test(previous.trimEnd() || '(')) {
        i = skipRegex(i);
        previous = 'x';
        continue;
      }
      if (c === "'" || c === '"') {
        i = skipQuoted(i, c);
        previous = 'x';
        continue;
      }
      if (c === '`') {
        i = scanTemplate(i);
        previous = 'x';
        continue;
      }
      if (c === '{') depth++;
      if (c === '}') {
        if (untilBrace && depth === 0) return i;
        depth--;
      }
      previous = (previous + c).slice(-12);
      i++;
    }
    return i;
  };

  const scanTemplate = (start: number): number => {
    const tag = /([\w$.]+)\s*$/.exec(source.slice(Math.max(0, start - 40), start))?.[1];
    const literal: TemplateLiteral = { start, tag, text: '', expressions: [] };
    found.push(literal);
    let i = start + 1;
    while (i < source.length) {
      const c = source[i];
      if (c === '\\') {
        literal.text += source.slice(i, i + 2);
        i += 2;
      } else if (c === '`') {
        return i + 1;
      } else if (c === '$' && source[i + 1] === '{') {
        const end = scanCode(i + 2, true);
        literal.expressions.push(source.slice(i + 2, end));
        literal.text += ' ? ';
        i = end + 1;
      } else {
        literal.text += c;
        i++;
      }
    }
    return i;
  };

  scanCode(0, false);
  let code = source;
  for (const [start, end] of comments) code = code.slice(0, start) + source.slice(start, end).replace(/[^\n]/g, ' ') + code.slice(end);
  return { templates: found, code };
}

/** Test code, as the dependency rules define it: `*.test.ts`, `*.spec.ts`, or anything under a `test/` folder. */
export function isTestCode(path: string): boolean {
  return /\.(?:test|spec)\.tsx?$/.test(path) || /(?:^|\/)test\//.test(path);
}

/**
 * `inDataLib`: the file is in libs/db, where every file, tests included, is held to the rules. Test code
 * elsewhere is not scanned: it may import the driver (the dependency rules allow it) to arrange and
 * inspect a database, and it never runs in a service.
 */
export function scanSqlConstruction(path: string, source: string, { inDataLib }: { inDataLib: boolean }): SqlFinding[] {
  if (!inDataLib && isTestCode(path)) return [];
  const findings: SqlFinding[] = [];
  const report = (index: number, rule: string) => {
    const line = lineOf(source, index);
    findings.push({ path, line, rule, excerpt: (source.split('\n')[line - 1] ?? '').trim().slice(0, 160) });
  };

  const { templates, code } = lexTemplates(source);
  for (const literal of templates) {
    if (literal.tag === 'sql' || literal.tag?.endsWith('.sql')) {
      if (!inDataLib) report(literal.start, 'drizzle sql template outside libs/db: use its typed data-access functions');
      continue;
    }
    if (literal.expressions.length === 0) continue;
    const passedToQuery = QUERY_CALL_BEFORE.test(code.slice(Math.max(0, literal.start - 60), literal.start));
    if (!passedToQuery && !SQL_TEXT.test(literal.text)) continue;
    const quotedOnly = !inDataLib && literal.expressions.every((expression) => ESCAPE_CALL.test(expression));
    if (!quotedOnly) report(literal.start, 'SQL text built by interpolating into a template string');
  }

  for (const match of code.matchAll(CONCATENATED_QUERY)) report(match.index, 'SQL text built by string concatenation');

  for (const match of code.matchAll(RAW_CALL)) {
    const constant = CONSTANT_RAW_ARGUMENT.test(code.slice(match.index + match[0].length));
    if (!inDataLib) report(match.index, 'sql.raw outside libs/db');
    else if (!constant) report(match.index, 'sql.raw with a non-constant argument');
  }
  return findings;
}
