import { SEGMENT_LIMITS, type SegmentCondition, type SegmentNode, type SegmentOperator } from './segment-ast';
import { say, verbatim, type Bilingual } from '../common/bilingual';
import { checkSegmentCondition, eitherOf, operatorExpected, zh, type ConditionPart } from './segment-check';
import { SEGMENT_OPERATOR_INFO, normaliseSegmentCondition, segmentField, type SegmentFieldDefinition } from './segment-fields';

/**
 * The text form of the segment language, read by a hand-written recursive-descent parser:
 *
 *   filter     := or
 *   or         := and ( OR and )*
 *   and        := unary ( AND unary )*
 *   unary      := NOT unary | "(" or ")" | condition
 *   condition  := field [ "(" argument ")" ] [ comparison ]      -- no comparison: a boolean field (IS_TRUE)
 *   comparison := ( "=" | "!=" | "<>" | "<" | "<=" | ">" | ">=" ) value
 *               | [ NOT ] IN "(" value ( "," value )* ")"
 *               | BETWEEN value AND value
 *               | IS [ NOT ] NULL
 *               | CONTAINS value
 *   value      := "text" | 'text' | number | date | relative date | code
 *
 * Keywords and field names ignore case; strings take backslash escapes (\" \' \\ \n \t \r);
 * “curly quotes”, full-width （ ） ， and the ideographic space are read like their ASCII
 * twins, since Chinese input methods type them. Every condition is checked against the
 * catalogue while it is read, so a text that parses is a valid filter, and every error
 * says where (line and column, 1-based, counting characters) and what was expected.
 */

export class SegmentParseError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    /** What would have been right at that place (in English, as the error's `extensions.expected`). */
    readonly expected: string[],
    /** The text found there, or "end of text". */
    readonly found: string,
    /** What is wrong, without the position. */
    readonly reason: Bilingual,
  ) {
    super(`line ${line}, column ${column}: ${reason.en}`);
    this.name = 'SegmentParseError';
  }

  /** The message in both languages, with the position (`message` is the English). */
  get text(): Bilingual {
    return say(`第 ${this.line} 行第 ${this.column} 列：${this.reason.zh}`, this.message);
  }
}

type Keyword = 'AND' | 'OR' | 'NOT' | 'IN' | 'BETWEEN' | 'IS' | 'NULL' | 'CONTAINS';
const KEYWORDS: ReadonlySet<string> = new Set<Keyword>(['AND', 'OR', 'NOT', 'IN', 'BETWEEN', 'IS', 'NULL', 'CONTAINS']);

type TokenKind =
  'ident' | 'keyword' | 'string' | 'number' | 'date' | 'relative' | 'lparen' | 'rparen' | 'comma' | 'compare' | 'end' | 'invalid';

interface Token {
  kind: TokenKind;
  /** The source text of the token. */
  text: string;
  /** Strings unescaped, keywords upper-cased, comparisons canonical; otherwise the text. */
  value: string;
  offset: number;
}

const COMPARISONS: Readonly<Record<string, SegmentOperator>> = {
  '=': 'EQ',
  '==': 'EQ',
  '!=': 'NE',
  '<>': 'NE',
  '<': 'LT',
  '<=': 'LTE',
  '>': 'GT',
  '>=': 'GTE',
};

const VALUE_KINDS: ReadonlySet<TokenKind> = new Set<TokenKind>(['ident', 'string', 'number', 'date', 'relative']);
const WHITESPACE = /[\s\u3000]/;
const QUOTES: Readonly<Record<string, string>> = { '"': '"', "'": "'", '“': '”', '‘': '’' };
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r' };
const WORD_END = /^(?![\p{L}\p{N}_.])/u;
const DATE = /^\d{4}-\d{2}-\d{2}/;
const RELATIVE = /^[+-]?\d+[dDmM]/;
const NUMBER = /^[+-]?\d+(\.\d+)?/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_]*/;
const WORD = /^[\p{L}\p{N}_.+-]+/u;

class Lexer {
  private offset = 0;

  constructor(private readonly text: string) {}

  private startsWith(re: RegExp): string | null {
    const rest = this.text.slice(this.offset);
    const m = re.exec(rest);
    if (!m) return null;
    return WORD_END.test(rest.slice(m[0].length)) ? m[0] : null;
  }

  next(): Token {
    while (this.offset < this.text.length && WHITESPACE.test(this.text[this.offset])) this.offset++;
    const start = this.offset;
    const token = (kind: TokenKind, text: string, value = text): Token => {
      this.offset = start + text.length;
      return { kind, text, value, offset: start };
    };
    if (start >= this.text.length) return { kind: 'end', text: '', value: '', offset: start };
    const ch = this.text[start];
    if (ch === '(' || ch === '（') return token('lparen', ch, '(');
    if (ch === ')' || ch === '）') return token('rparen', ch, ')');
    if (ch === ',' || ch === '，') return token('comma', ch, ',');
    const close = QUOTES[ch];
    if (close) return this.string(start, close);
    const two = this.text.slice(start, start + 2);
    if (COMPARISONS[two]) return token('compare', two, two);
    if (COMPARISONS[ch]) return token('compare', ch, ch);
    const date = this.startsWith(DATE);
    if (date) return token('date', date);
    const relative = this.startsWith(RELATIVE);
    if (relative) return token('relative', relative);
    const number = this.startsWith(NUMBER);
    if (number) return token('number', number);
    const ident = this.startsWith(IDENT);
    if (ident) {
      const upper = ident.toUpperCase();
      return KEYWORDS.has(upper) ? token('keyword', ident, upper) : token('ident', ident);
    }
    const word = WORD.exec(this.text.slice(start));
    return token('invalid', word ? word[0] : String.fromCodePoint(this.text.codePointAt(start)!));
  }

  private string(start: number, close: string): Token {
    let i = start + 1;
    let value = '';
    while (i < this.text.length) {
      const c = this.text[i];
      if (c === close) {
        this.offset = i + 1;
        return { kind: 'string', text: this.text.slice(start, i + 1), value, offset: start };
      }
      if (c === '\\' && i + 1 < this.text.length) {
        const e = this.text[i + 1];
        value += ESCAPES[e] ?? e;
        i += 2;
        continue;
      }
      value += c;
      i++;
    }
    throw this.error(
      start,
      [say(`闭合的 ${close}`, `a closing ${close}`)],
      'end of text',
      say(
        `应为闭合的 ${close}，但已到文本结尾（从此处开始的文本没有闭合）`,
        `expected a closing ${close} but found end of text (the text starting here is not closed)`,
      ),
    );
  }

  error(offset: number, expected: Bilingual[], found: string, reason: Bilingual): SegmentParseError {
    return parseError(this.text, offset, expected, found, reason);
  }
}

function parseError(text: string, offset: number, expected: Bilingual[], found: string, reason: Bilingual): SegmentParseError {
  let line = 1;
  let column = 1;
  for (let i = 0; i < offset && i < text.length;) {
    const code = text.codePointAt(i)!;
    const width = code > 0xffff ? 2 : 1;
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] !== '\n')) {
      line++;
      column = 1;
    } else if (text[i] !== '\r') {
      column++;
    }
    i += width;
  }
  return new SegmentParseError(
    line,
    column,
    expected.map((e) => e.en),
    found,
    reason,
  );
}

const VALUE_EXPECTED = say('值（数字、"文本"、日期、-90d）', 'a value (number, "text", date, -90d)');
const END = say('文本结尾', 'end of text');
const FIELD_NAME = say('字段名', 'a field name');
const CONDITION = say('条件', 'a condition');
const LPAREN = verbatim('"("');
const RPAREN = verbatim('")"');
const AND = verbatim('AND');
const OR = verbatim('OR');
const NOT = verbatim('NOT');

function shownToken(token: Token): string {
  if (token.kind === 'end') return 'end of text';
  return token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
}

function foundText(token: Token): Bilingual {
  if (token.kind === 'end') return END;
  const shown = shownToken(token);
  const hint = token.kind === 'invalid' && /[^\x00-\x7f]/.test(token.text);
  // A string shows its own quotes in Chinese: 实际为 "abc", not “"abc"”.
  const zhShown = token.kind === 'string' ? shown : `“${shown}”`;
  return say(`${zhShown}${hint ? `（文本请加引号："${shown}"）` : ''}`, `"${shown}"${hint ? ` (put text in quotes: "${shown}")` : ''}`);
}

class Parser {
  private readonly lexer: Lexer;
  private token: Token;
  private depth = 0;
  private conditions = 0;

  constructor(private readonly text: string) {
    this.lexer = new Lexer(text);
    this.token = this.lexer.next();
  }

  private advance(): Token {
    const current = this.token;
    this.token = this.lexer.next();
    return current;
  }

  /** `expected … but found …`, and `extra` in parentheses when it has more to say. */
  private fail(expected: Bilingual[], extra: Bilingual | null = null, token: Token = this.token): never {
    const wanted = eitherOf(expected);
    const found = foundText(token);
    throw parseError(
      this.text,
      token.offset,
      expected,
      shownToken(token),
      say(
        zh`应为${wanted.zh}，实际为${found.zh}${extra ? `（${extra.zh}）` : ''}`,
        `expected ${wanted.en} but found ${found.en}${extra ? ` (${extra.en})` : ''}`,
      ),
    );
  }

  private atEnd(): boolean {
    return this.token.kind === 'end';
  }

  private isKeyword(keyword: Keyword): boolean {
    return this.token.kind === 'keyword' && this.token.value === keyword;
  }

  private expectKeyword(keyword: Keyword, extra: Bilingual | null = null): Token {
    if (!this.isKeyword(keyword)) this.fail([verbatim(keyword)], extra);
    return this.advance();
  }

  private expect(kind: 'lparen' | 'rparen', extra: Bilingual | null = null): Token {
    if (this.token.kind !== kind) this.fail([kind === 'lparen' ? LPAREN : RPAREN], extra);
    return this.advance();
  }

  parse(): SegmentNode {
    if (this.text.length > SEGMENT_LIMITS.textLength) {
      throw parseError(
        this.text,
        SEGMENT_LIMITS.textLength,
        [END],
        'more text',
        say(`查询超过 ${SEGMENT_LIMITS.textLength} 个字符`, `the query is longer than ${SEGMENT_LIMITS.textLength} characters`),
      );
    }
    if (this.atEnd()) this.fail([CONDITION]);
    const node = this.or();
    if (!this.atEnd()) this.fail([AND, OR, END]);
    return node;
  }

  private enter(token: Token): void {
    if (++this.depth > SEGMENT_LIMITS.depth) {
      throw parseError(
        this.text,
        token.offset,
        [CONDITION],
        shownToken(token),
        say(`查询嵌套超过 ${SEGMENT_LIMITS.depth} 层`, `the query is nested deeper than ${SEGMENT_LIMITS.depth} levels`),
      );
    }
  }

  private or(): SegmentNode {
    const nodes = [this.and()];
    while (this.isKeyword('OR')) {
      this.advance();
      nodes.push(this.and());
    }
    return nodes.length === 1 ? nodes[0] : { kind: 'or', nodes };
  }

  private and(): SegmentNode {
    const nodes = [this.unary()];
    while (this.isKeyword('AND')) {
      this.advance();
      nodes.push(this.unary());
    }
    return nodes.length === 1 ? nodes[0] : { kind: 'and', nodes };
  }

  private unary(): SegmentNode {
    if (this.isKeyword('NOT')) {
      this.enter(this.advance());
      const node: SegmentNode = { kind: 'not', node: this.unary() };
      this.depth--;
      return node;
    }
    if (this.token.kind === 'lparen') {
      this.enter(this.advance());
      const node = this.or();
      this.expect('rparen');
      this.depth--;
      return node;
    }
    return this.condition();
  }

  private value(): Token {
    if (!VALUE_KINDS.has(this.token.kind)) this.fail([VALUE_EXPECTED]);
    return this.advance();
  }

  private condition(): SegmentCondition {
    const fieldToken = this.token;
    if (fieldToken.kind !== 'ident') this.fail([FIELD_NAME, NOT, LPAREN]);
    const def = segmentField(fieldToken.value);
    if (!def) {
      const problem = checkSegmentCondition({ field: fieldToken.value, op: 'EQ', values: [] })[0];
      this.fail(problem.expected, problem.detail ?? null, fieldToken);
    }
    if (++this.conditions > SEGMENT_LIMITS.conditions) {
      throw parseError(
        this.text,
        fieldToken.offset,
        [END],
        shownToken(fieldToken),
        say(`查询的条件超过 ${SEGMENT_LIMITS.conditions} 个`, `the query has more than ${SEGMENT_LIMITS.conditions} conditions`),
      );
    }
    this.advance();

    let argumentToken: Token | null = null;
    if (def.argument) {
      const label = def.argument.label;
      if (this.token.kind === 'lparen') {
        this.advance();
        if (!VALUE_KINDS.has(this.token.kind)) this.fail([say(label.zh, `a ${label.en}`)]);
        argumentToken = this.advance();
        this.expect('rparen');
      } else if (def.argument.required) {
        const example = def.example.replace(/^NOT /, '');
        this.fail([LPAREN], say(`${def.key} 需要参数：${label.zh}，例如 ${example}`, `${def.key} takes a ${label.en}, e.g. ${example}`));
      }
    } else if (this.token.kind === 'lparen') {
      this.fail(this.operatorsExpected(def), say(`${def.key} 不带参数`, `${def.key} takes no argument`));
    }

    const { op, opToken, valueTokens } = this.comparison(def);
    const raw = {
      field: def.key,
      argument: argumentToken?.value ?? null,
      op,
      values: valueTokens.map((t) => t.value),
    };
    const condition = normaliseSegmentCondition(raw);
    const problem = checkSegmentCondition(condition)[0];
    if (problem) {
      const at = this.tokenOf(problem.part, { field: fieldToken, argument: argumentToken, op: opToken, values: valueTokens });
      this.fail(problem.expected, problem.detail ?? null, at);
    }
    const node: SegmentCondition = { kind: 'condition', field: def.key, op: condition.op, values: condition.values };
    if (condition.argument != null) node.argument = condition.argument;
    return node;
  }

  private tokenOf(part: ConditionPart, tokens: { field: Token; argument: Token | null; op: Token | null; values: Token[] }): Token {
    if (typeof part === 'object') return tokens.values[part.value] ?? tokens.op ?? tokens.field;
    if (part === 'argument') return tokens.argument ?? tokens.field;
    if (part === 'op' || part === 'values') return tokens.op ?? tokens.field;
    return tokens.field;
  }

  private operatorsExpected(def: SegmentFieldDefinition): Bilingual[] {
    return def.operators.map(operatorExpected);
  }

  private comparison(def: SegmentFieldDefinition): { op: SegmentOperator; opToken: Token | null; valueTokens: Token[] } {
    const t = this.token;
    if (def.type === 'BOOLEAN') {
      const isComparison = t.kind === 'compare' || (t.kind === 'keyword' && ['IN', 'BETWEEN', 'IS', 'CONTAINS'].includes(t.value));
      if (isComparison)
        this.fail(
          [AND, OR, RPAREN, END],
          say(
            `${def.key}(…) 本身就是一个条件；NOT ${def.key}(…) 表示相反`,
            `${def.key}(…) is a condition by itself; NOT ${def.key}(…) is its opposite`,
          ),
        );
      return { op: 'IS_TRUE', opToken: null, valueTokens: [] };
    }
    if (t.kind === 'compare') {
      this.advance();
      return { op: COMPARISONS[t.value], opToken: t, valueTokens: [this.value()] };
    }
    if (t.kind === 'keyword') {
      switch (t.value) {
        case 'NOT':
          this.advance();
          this.expectKeyword('IN', say('字段后面的 NOT 只能用于 NOT IN', 'NOT after a field must be NOT IN'));
          return { op: 'NOT_IN', opToken: t, valueTokens: this.valueList() };
        case 'IN':
          this.advance();
          return { op: 'IN', opToken: t, valueTokens: this.valueList() };
        case 'BETWEEN': {
          this.advance();
          const low = this.value();
          this.expectKeyword('AND', say('写法为 BETWEEN 下限 AND 上限', 'BETWEEN low AND high'));
          return { op: 'BETWEEN', opToken: t, valueTokens: [low, this.value()] };
        }
        case 'IS': {
          this.advance();
          const negated = this.isKeyword('NOT');
          if (negated) this.advance();
          if (!this.isKeyword('NULL')) this.fail(negated ? [verbatim('NULL')] : [verbatim('NULL'), verbatim('NOT NULL')]);
          this.advance();
          return { op: negated ? 'IS_NOT_NULL' : 'IS_NULL', opToken: t, valueTokens: [] };
        }
        case 'CONTAINS':
          this.advance();
          return { op: 'CONTAINS', opToken: t, valueTokens: [this.value()] };
      }
    }
    this.fail(this.operatorsExpected(def));
  }

  private valueList(): Token[] {
    this.expect('lparen', say('值列表要写在括号里', 'a list of values in parentheses'));
    const values = [this.value()];
    while (this.token.kind === 'comma') {
      this.advance();
      values.push(this.value());
    }
    if (this.token.kind !== 'rparen') this.fail([verbatim('","'), RPAREN]);
    this.advance();
    return values;
  }
}

/** The tree of a text query; throws `SegmentParseError` with the position and what was expected. */
export function parseSegment(text: string): SegmentNode {
  return new Parser(text).parse();
}

// ---------------------------------------------------------------------------------------------
// Back to text
// ---------------------------------------------------------------------------------------------

function quote(value: string): string {
  return `"${value.replace(/[\\"\n\r\t]/g, (c) => ({ '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c]!)}"`;
}

/** Whether the text form may write `value` without quotes and read back the same text. */
function bare(value: string): boolean {
  if (value.length === 0) return false;
  const lexer = new Lexer(value);
  try {
    const token = lexer.next();
    return ['ident', 'number', 'date', 'relative'].includes(token.kind) && token.text === value && lexer.next().kind === 'end';
  } catch {
    return false;
  }
}

const TEXT_TYPES = new Set(['TEXT', 'TEXT_LIST']);

function valueText(def: SegmentFieldDefinition | null, op: SegmentOperator, value: string): string {
  if (!def || TEXT_TYPES.has(def.type)) return quote(value);
  if (def.type === 'CUSTOM' && !['LT', 'LTE', 'GT', 'GTE', 'BETWEEN'].includes(op)) return quote(value);
  return bare(value) ? value : quote(value);
}

function conditionText(c: SegmentCondition): string {
  const def = segmentField(c.field);
  let text = c.field;
  if (c.argument != null) {
    text += `(${def?.argument?.kind === 'TEXT' || !bare(c.argument) ? quote(c.argument) : c.argument})`;
  }
  const v = c.values.map((value) => valueText(def, c.op, value));
  switch (c.op) {
    case 'IS_TRUE':
      return text;
    case 'IS_NULL':
    case 'IS_NOT_NULL':
      return `${text} ${SEGMENT_OPERATOR_INFO[c.op].text}`;
    case 'IN':
    case 'NOT_IN':
      return `${text} ${SEGMENT_OPERATOR_INFO[c.op].text} (${v.join(', ')})`;
    case 'BETWEEN':
      return `${text} BETWEEN ${v[0]} AND ${v[1]}`;
    default:
      return `${text} ${SEGMENT_OPERATOR_INFO[c.op].text} ${v[0]}`;
  }
}

/** One-node groups say the same as their node. */
function unwrap(node: SegmentNode): SegmentNode {
  return (node.kind === 'and' || node.kind === 'or') && node.nodes.length === 1 ? unwrap(node.nodes[0]) : node;
}

/**
 * The canonical text of a tree: upper-case keywords, conditions as the catalogue spells
 * them, text values in double quotes. `parseSegment(segmentToText(tree))` gives the tree
 * back (one-node groups aside, which say the same as their node).
 */
export function segmentToText(node: SegmentNode): string {
  const n = unwrap(node);
  const child = (c: SegmentNode, parens: (kind: SegmentNode['kind']) => boolean) => {
    const u = unwrap(c);
    const text = segmentToText(u);
    return parens(u.kind) ? `(${text})` : text;
  };
  switch (n.kind) {
    case 'or':
      if (n.nodes.length === 0) throw new Error('an empty or has no text form');
      return n.nodes.map((c) => child(c, (k) => k === 'or')).join(' OR ');
    case 'and':
      if (n.nodes.length === 0) throw new Error('an empty and has no text form');
      return n.nodes.map((c) => child(c, (k) => k === 'and' || k === 'or')).join(' AND ');
    case 'not':
      return `NOT ${child(n.node, (k) => k === 'and' || k === 'or')}`;
    case 'condition':
      return conditionText(n);
  }
}
