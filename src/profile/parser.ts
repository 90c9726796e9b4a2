// Recursive-descent parser of the window-selector language (reference §a.1; grammar in docs/profiles.md):
//
//   selector   := width [filters]                       non-repeating: one window [now − width, now]
//               | width skip range [filters]            repeating
//               | range                                 dense: one window over the range, no filters
//   width      := interval ["window"]      skip := "every" interval      interval := NUMBER UNIT
//   range      := "from" interval ["ago"] ["to" interval ["ago"]]
//   filters    := ["including" list] ["excluding" list]  list := specifier ("," specifier)*
//   specifier  := DAY_SPECIFIER (":arg" | NUMBER)*
//
// Each error names the position and what was expected there. Specifier arguments are checked here too
// (holiday calendars, dates), so a selector that parses can always be evaluated.
import { closest } from '../registry/index.js';
import { DEFAULT_DATE_PATTERN, formatCalendarDate, parseCalendarDate } from './date-pattern.js';
import { SelectorError } from './errors.js';
import { holidayCalendar, HolidayCalendarError, type HolidayCalendar } from './holidays.js';
import { DAY_NAMES, LITERALS, positionOf, tokenize, UNIT_MS, type DayName, type SpecifierName, type TimeUnit, type Token, type TokenKind } from './lexer.js';

export interface Interval {
  amount: number;
  unit: TimeUnit;
  ms: number;
}

export type Specifier =
  | { kind: 'day-of-week'; day: DayName; /** ISO 1 = Monday … 7 = Sunday */ dayOfWeek: number; text: string }
  | { kind: 'weekday' | 'weekend' | 'this-day-of-week'; text: string }
  | { kind: 'holiday'; calendar: HolidayCalendar; text: string }
  | { kind: 'date'; /** YYYY-MM-DD */ date: string; text: string };

export interface Selector {
  source: string;
  form: 'non-repeating' | 'repeating' | 'dense';
  width?: Interval;
  every?: Interval;
  from?: Interval;
  to?: Interval;
  includes: Specifier[];
  excludes: Specifier[];
}

/** The largest interval accepted: the ms must stay exact in a JS number (about 285,000 years). */
const MAX_INTERVAL_MS = Number.MAX_SAFE_INTEGER;

const UNIT_LIST = 'second, minute, hour or day';
const SPECIFIER_LIST = 'monday … sunday, weekday, weekend, holiday, date or this day of the week';

const spellingCache = new Map<string, string[]>();
/** Spellings a misspelt word may be meant as, by token kind. */
function spellings(...kinds: TokenKind[]): string[] {
  const key = kinds.join();
  let list = spellingCache.get(key);
  if (!list) spellingCache.set(key, (list = [...LITERALS].filter(([, l]) => kinds.includes(l.kind)).map(([s]) => s)));
  return list;
}

/**
 * Parses a selector. A blank selector is Metron's "no window at all": null, not an error.
 * Throws SelectorError (argument `window`) for anything else that is not a valid selector.
 */
export function parseSelector(source: string): Selector | null {
  const tokens = tokenize(source);
  if (tokens.length === 1) return null;
  return new Parser(source, tokens).selector();
}

class Parser {
  private i = 0;
  constructor(private readonly source: string, private readonly tokens: Token[]) {}

  private get token(): Token {
    return this.tokens[this.i];
  }

  /** A method, not a property, so TypeScript does not narrow it across take() calls. */
  private kind(): TokenKind {
    return this.tokens[this.i].kind;
  }

  private get previous(): Token | undefined {
    return this.tokens[this.i - 1];
  }

  private take(kind: TokenKind): Token | undefined {
    if (this.kind() !== kind) return undefined;
    return this.tokens[this.i++];
  }

  private error(token: Token, problem: string): SelectorError {
    return new SelectorError(positionOf(this.source, token.offset), problem);
  }

  /**
   * Letters glued to a keyword ("dates", "mondayss", "hourz"): the lexer took the longest keyword and left the
   * rest, so the person wrote one word that is not a keyword. Say that, at the word.
   */
  private gluedWord(): SelectorError | undefined {
    const token = this.token;
    const previous = this.previous;
    if (token.kind !== 'unknown' || !previous || !/^[A-Za-z]/.test(token.text) || !/[A-Za-z)]$/.test(previous.text)) return undefined;
    if (previous.offset + previous.text.length !== token.offset) return undefined;
    const word = previous.text + token.text;
    const guess = closest(word, [...LITERALS.keys()].filter((k) => !k.includes(' ')));
    return this.error(previous, `"${word}" is not a keyword${guess ? `; did you mean "${guess}"?` : ''}`);
  }

  /** `expected X after "prev", found "tok"; did you mean "…"?` at the current token. */
  private expected(what: string, candidates: string[] = [], hint = ''): SelectorError {
    const glued = this.gluedWord();
    if (glued) return glued;
    const token = this.token;
    const after = this.previous ? ` after "${this.previous.text}"` : '';
    let found = '';
    if (token.kind !== 'end') found = `, found "${token.text}"`;
    let advice = hint ? ` (${hint})` : '';
    if (token.kind === 'unknown') {
      const spaced = this.multiWordHint(token, candidates);
      const guess = spaced ?? closest(token.text, candidates);
      if (guess) advice = `${advice}; did you mean "${guess}"?${spaced ? ' (one space between the words)' : ''}`;
    } else if (token.kind === 'bad-number') {
      advice = `${advice}; numbers are whole, start with 1-9 and have at most 15 digits`;
    } else if (token.kind === 'colon') {
      advice = `${advice}; a specifier argument is written ":value" with no space after the colon`;
    }
    return this.error(token, `expected ${what}${after}${found}${advice}`);
  }

  /** "starting  from" / "this day of  week": a multi-word keyword written with other spacing. */
  private multiWordHint(token: Token, candidates: string[]): string | undefined {
    const rest = this.source.slice(token.offset).toLowerCase();
    return candidates.find((c) => {
      if (!c.includes(' ')) return false;
      const words = c.split(' ');
      const match = rest.match(new RegExp(`^${words.join('\\s+')}(?![a-z])`));
      return match !== null;
    });
  }

  selector(): Selector {
    const source = this.source.trim();
    if (this.kind() === 'from') {
      const range = this.range();
      if (this.kind() === 'include' || this.kind() === 'exclude') {
        throw this.error(this.token, `"${this.token.text}" cannot follow a "from … to …" range on its own: inclusions and exclusions need a window width and "every", e.g. "1 hour window every 24 hours from 14 days ago ${this.token.text} weekends"`);
      }
      this.end(range.next, range.candidates);
      return { source, form: 'dense', from: range.from, to: range.to, includes: [], excludes: [] };
    }
    if (this.kind() !== 'number') {
      if (this.kind() === 'every') {
        throw this.error(this.token, `a selector cannot start with "${this.token.text}": give the window width first, e.g. "1 hour window every 24 hours from 14 days ago"`);
      }
      throw this.expected('a window width such as "1 hour" or a range such as "from 14 days ago"', spellings('from'));
    }
    const width = this.interval();
    const windowWord = this.take('window');
    if (this.kind() === 'ago') {
      throw this.error(this.token, `"ago" can only follow a "from" or "to" interval; "${intervalText(width)}" on its own already means the ${intervalText(width)} before now`);
    }
    if (this.kind() === 'from') {
      throw this.error(this.token, `a window width followed by a range needs "every" between them, e.g. "${intervalText(width)} window every 24 hours from 14 days ago"`);
    }
    if (this.take('every')) {
      const every = this.interval();
      if (this.kind() !== 'from') {
        throw this.expected('"from"', spellings('from'), 'a repeating window needs a range, e.g. "every 24 hours from 14 days ago"');
      }
      const range = this.range();
      return { source, form: 'repeating', width, every, from: range.from, to: range.to, ...this.filters(range.next, range.candidates) };
    }
    const next = windowWord ? ['"every"'] : ['"window"', '"every"'];
    return { source, form: 'non-repeating', width, ...this.filters(next, spellings(...(windowWord ? [] : ['window' as const]), 'every')) };
  }

  private interval(): Interval {
    const number = this.take('number');
    if (!number) throw this.expected('a number', [], 'e.g. "24 hours"');
    const unitToken = this.token;
    if (unitToken.kind !== 'unit') throw this.expected('a time unit', spellings('unit'), UNIT_LIST);
    this.i++;
    const ms = number.value! * UNIT_MS[unitToken.unit!];
    if (ms > MAX_INTERVAL_MS) throw this.error(number, `"${number.text} ${unitToken.text}" is too long; at most ${Math.floor(MAX_INTERVAL_MS / UNIT_MS[unitToken.unit!])} ${unitToken.unit}s`);
    return { amount: number.value!, unit: unitToken.unit!, ms };
  }

  /** `from X [ago] [to Y [ago]]`, and what may still follow it. */
  private range(): { from: Interval; to?: Interval; next: string[]; candidates: string[] } {
    this.take('from');
    const from = this.interval();
    const fromAgo = this.take('ago');
    if (!this.take('to')) {
      return { from, next: [...(fromAgo ? [] : ['"ago"']), '"to"'], candidates: spellings(...(fromAgo ? [] : ['ago' as const]), 'to') };
    }
    const to = this.interval();
    const toAgo = this.take('ago');
    return { from, to, next: toAgo ? [] : ['"ago"'], candidates: toAgo ? [] : spellings('ago') };
  }

  /** `[including list] [excluding list]` and the end of the selector. */
  private filters(next: string[], candidates: string[]): { includes: Specifier[]; excludes: Specifier[] } {
    const includes = this.take('include') ? this.specifiers() : [];
    const excludes = this.take('exclude') ? this.specifiers() : [];
    if (this.kind() === 'include') {
      throw this.error(this.token, excludes.length
        ? `"${this.token.text}" must come before "excluding": write the inclusions first, then the exclusions`
        : 'only one "including" list is allowed: separate its specifiers with commas');
    }
    if (this.kind() === 'exclude' && excludes.length) {
      throw this.error(this.token, 'only one "excluding" list is allowed: separate its specifiers with commas');
    }
    if (includes.length || excludes.length) {
      this.end(['","', ...(excludes.length ? [] : ['"excluding"'])], excludes.length ? [] : spellings('exclude'));
    } else {
      this.end([...next, '"including"', '"excluding"'], [...candidates, ...spellings('include', 'exclude')]);
    }
    return { includes, excludes };
  }

  private end(expected: string[], candidates: string[]): void {
    if (this.kind() === 'end') return;
    const list = [...expected, 'the end of the selector'];
    const what = list.length === 1 ? list[0] : `${list.slice(0, -1).join(', ')} or ${list[list.length - 1]}`;
    const previous = this.previous;
    const hint = this.kind() === 'unknown' && /^[A-Za-z]/.test(this.token.text) && (previous?.kind === 'specifier' || previous?.kind === 'argument')
      ? `specifier arguments are written with a colon: "${previous.text}:${this.token.text}"`
      : '';
    throw this.expected(what, candidates, hint);
  }

  private specifiers(): Specifier[] {
    const result = [this.specifier()];
    while (this.take('comma')) result.push(this.specifier());
    if (this.kind() === 'specifier') throw this.error(this.token, `separate specifiers with commas: "${this.previous!.text}, ${this.token.text}"`);
    return result;
  }

  private specifier(): Specifier {
    const token = this.token;
    if (token.kind !== 'specifier') {
      throw this.expected('a day specifier', spellings('specifier'), SPECIFIER_LIST);
    }
    this.i++;
    const args: Token[] = [];
    while (this.kind() === 'argument' || this.kind() === 'number') args.push(this.tokens[this.i++]);
    const text = this.source.slice(token.offset, args.length ? args[args.length - 1].offset + args[args.length - 1].text.length : token.offset + token.text.length);
    // A bare NUMBER argument is read whole (Metron drops its first character, assuming a colon).
    const values = args.map((a) => a.argument ?? a.text);
    const name: SpecifierName = token.specifier!;
    if (isDayName(name)) return { kind: 'day-of-week', day: name, dayOfWeek: DAY_NAMES.indexOf(name) + 1, text };
    switch (name) {
      case 'weekday':
      case 'weekend':
        return { kind: name, text };
      case 'this day of the week':
        return { kind: 'this-day-of-week', text };
      case 'holiday':
        try {
          return { kind: 'holiday', calendar: holidayCalendar(values), text };
        } catch (err) {
          if (err instanceof HolidayCalendarError) throw this.error(args[Math.min(err.argumentIndex, args.length - 1)], err.message);
          throw err;
        }
      case 'date': {
        if (!args.length) {
          const glued = this.gluedWord();
          if (glued) throw glued;
          throw this.error(this.token, `"${token.text}" needs the day as an argument: date:2017/12/25, or date:<day>:<pattern> such as date:20171225:yyyyMMdd`);
        }
        try {
          return { kind: 'date', date: formatCalendarDate(parseCalendarDate(values[0], values[1] ?? DEFAULT_DATE_PATTERN)), text };
        } catch (err) {
          const hint = values[1] === undefined && /^[0-9]+$/.test(values[0]) ? `; give the pattern as a second argument, e.g. date:${values[0]}:yyyyMMdd` : '';
          throw this.error(args[0], `${(err as Error).message}${hint}`);
        }
      }
    }
    throw new Error(`unhandled specifier ${name satisfies never}`);
  }
}

function isDayName(name: SpecifierName): name is DayName {
  return (DAY_NAMES as readonly string[]).includes(name);
}

/** `1 hour`, `14 days`. */
export function intervalText({ amount, unit }: Interval): string {
  return `${amount} ${unit}${amount === 1 ? '' : 's'}`;
}
