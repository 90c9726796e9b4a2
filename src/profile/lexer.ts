// Lexer of the window-selector language (reference profiles-descriptors §a.1, Metron's Window.g4).
// ANTLR semantics: at each position the LONGEST literal wins and tokens may touch ("7daysago" is 7 · days · ago).
// Deliberate difference (SPEC §12): keywords are matched case-insensitively (Metron: all-lower or all-UPPER only).
// Multi-word literals keep Metron's rule of exactly one space between their words.
import type { SourcePosition } from './errors.js';

export type TimeUnit = 'second' | 'minute' | 'hour' | 'day';
export type DayName = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
/** A day specifier, normalised the way Metron does (upper-cased there, one trailing "s" dropped). */
export type SpecifierName = DayName | 'weekday' | 'weekend' | 'holiday' | 'date' | 'this day of the week';

export type TokenKind =
  | 'number' | 'unit' | 'window' | 'every' | 'from' | 'to' | 'ago' | 'include' | 'exclude' | 'specifier'
  | 'argument' | 'comma' | 'colon'
  /** Digits that are not a NUMBER (leading zero, fraction, too large): kept whole for a precise message. */
  | 'bad-number'
  /** Text no rule accepts: a run of letters, or one other character. */
  | 'unknown'
  | 'end';

export interface Token {
  kind: TokenKind;
  /** The exact source text. */
  text: string;
  offset: number;
  /** number: its value. */
  value?: number;
  unit?: TimeUnit;
  specifier?: SpecifierName;
  /** argument: the text after the colon. */
  argument?: string;
}

type Literal = Pick<Token, 'kind' | 'unit' | 'specifier'>;

export const UNIT_MS: Record<TimeUnit, number> = { second: 1_000, minute: 60_000, hour: 3_600_000, day: 86_400_000 };
export const DAY_NAMES: readonly DayName[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** Every accepted spelling (lower case) → what it means. */
export const LITERALS: ReadonlyMap<string, Literal> = (() => {
  const table = new Map<string, Literal>();
  const add = (kind: TokenKind, spellings: string[], extra: Partial<Literal> = {}) => {
    for (const s of spellings) table.set(s, { kind, ...extra });
  };
  add('window', ['window', 'windows']);
  add('include', ['include', 'includes', 'including']);
  add('exclude', ['exclude', 'excludes', 'excluding']);
  add('from', ['from', 'starting from']);
  add('every', ['every', 'for every']);
  add('to', ['to', 'until']);
  add('ago', ['ago']);
  for (const unit of Object.keys(UNIT_MS) as TimeUnit[]) add('unit', [unit, `${unit}s`, `${unit}(s)`], { unit });
  for (const day of DAY_NAMES) add('specifier', [day, `${day}s`], { specifier: day });
  add('specifier', ['weekday', 'weekdays'], { specifier: 'weekday' });
  add('specifier', ['weekend', 'weekends'], { specifier: 'weekend' });
  add('specifier', ['holiday', 'holidays'], { specifier: 'holiday' });
  add('specifier', ['date'], { specifier: 'date' });
  // "current day of (the) week" is in Metron's lexer and README but fails there; here it is an alias, with an
  // optional leading "the" so the README's own example ("including the current day of the week") parses.
  add('specifier', [
    'this day of week', 'this day of the week',
    'current day of week', 'current day of the week',
    'the current day of week', 'the current day of the week',
  ], { specifier: 'this day of the week' });
  return table;
})();

/** Literals grouped by first letter, longest first, so the first match is the longest. */
const BY_FIRST_LETTER = (() => {
  const index = new Map<string, string[]>();
  for (const spelling of LITERALS.keys()) {
    const list = index.get(spelling[0]) ?? [];
    list.push(spelling);
    index.set(spelling[0], list);
  }
  for (const list of index.values()) list.sort((a, b) => b.length - a.length);
  return index;
})();

const isDigit = (c: string) => c >= '0' && c <= '9';
const isLetter = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isWhitespace = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\f';
const isArgumentStart = (c: string) => isLetter(c) || isDigit(c);
const isArgumentChar = (c: string) => isArgumentStart(c) || c === '_' || c === '.' || c === '-' || c === '/';

export function tokenize(text: string): Token[] {
  // ASCII-only lower-casing keeps every offset valid (String#toLowerCase can change the length of some letters).
  const lower = text.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (isWhitespace(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === ',') {
      tokens.push({ kind: 'comma', text: c, offset: start });
      i++;
    } else if (c === ':') {
      if (i + 1 < text.length && isArgumentStart(text[i + 1])) {
        i += 2;
        while (i < text.length && isArgumentChar(text[i])) i++;
        tokens.push({ kind: 'argument', text: text.slice(start, i), offset: start, argument: text.slice(start + 1, i) });
      } else {
        tokens.push({ kind: 'colon', text: c, offset: start });
        i++;
      }
    } else if (isDigit(c)) {
      while (i < text.length && isDigit(text[i])) i++;
      let bad = c === '0';
      if (text[i] === '.' && isDigit(text[i + 1] ?? '')) {
        i++;
        while (i < text.length && isDigit(text[i])) i++;
        bad = true;
      }
      const digits = text.slice(start, i);
      const value = Number(digits);
      if (bad || !Number.isSafeInteger(value)) tokens.push({ kind: 'bad-number', text: digits, offset: start });
      else tokens.push({ kind: 'number', text: digits, offset: start, value });
    } else if (isLetter(c)) {
      const spelling = (BY_FIRST_LETTER.get(lower[i]) ?? []).find((s) => lower.startsWith(s, i));
      if (spelling) {
        i += spelling.length;
        const literal = LITERALS.get(spelling)!;
        tokens.push({ kind: literal.kind, text: text.slice(start, i), offset: start, unit: literal.unit, specifier: literal.specifier });
      } else {
        while (i < text.length && isLetter(text[i])) i++;
        tokens.push({ kind: 'unknown', text: text.slice(start, i), offset: start });
      }
    } else {
      i += (text.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
      tokens.push({ kind: 'unknown', text: text.slice(start, i), offset: start });
    }
  }
  tokens.push({ kind: 'end', text: '', offset: text.length });
  return tokens;
}

/** 1-based line and column of an offset (lines end at "\n"). */
export function positionOf(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}
