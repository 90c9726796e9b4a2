// Port of XSOAR CommonServerPython's tableToMarkdown (soar-conventions §2), flatten mode, with one
// deliberate improvement (SPEC §3): without explicit headers, the headers are the union of the keys
// of all rows instead of the keys of the first row only.
import { isObject } from '../util/json.js';

export interface TableOptions {
  /** Columns, in order. A string is one column. Default: the union of row keys. */
  headers?: string | readonly string[];
  /** Renders a header; replaces the default escaping (its output is not escaped). */
  headerTransform?: (header: string) => string;
  /** Drop a column when every row's value is '', null/undefined, [] or {}. */
  removeNull?: boolean;
  /** A line between the title and the table. */
  metadata?: string;
  /** Sort default headers by UTF-16 code units (XSOAR's default); false keeps first-seen order. */
  sortHeaders?: boolean;
}

const NO_ENTRIES = '**No entries.**\n';
const MARKDOWN_CHARS = '\\`*_{}[]()#+-!|';

type Dict = Record<string, unknown>;
/** Own keys only: a row without `constructor` must not show Object's. */
const cell = (row: Dict, key: string): unknown => (Object.hasOwn(row, key) ? row[key] : undefined);

/** Python truthiness for the values a table can receive. */
const isFalsy = (v: unknown): boolean =>
  v === null || v === undefined || v === false || v === 0 || v === '' ||
  (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);

export function tableToMarkdown(name: string | null | undefined, t: unknown, options: TableOptions = {}): string {
  let md = name ? `### ${name}\n` : '';
  if (options.metadata) md += `${options.metadata}\n`;
  if (isFalsy(t)) return md + NO_ENTRIES;

  let headers = typeof options.headers === 'string' ? [options.headers] : options.headers ? [...options.headers] : [];
  // A dict with a single key becomes a one-column table; a list value gives one row per element.
  // (XSOAR quirk kept: elements that are dicts render as empty cells, §2.5-J.)
  if (headers.length === 0 && isObject(t) && Object.keys(t).length === 1) {
    const [key, value] = Object.entries(t)[0];
    headers = [key];
    if (Array.isArray(value)) t = value;
  }
  let rows: unknown[] = Array.isArray(t) ? t : [t];
  if (rows.length === 0) return md + NO_ENTRIES;

  if (!isObject(rows[0])) {
    if (headers.length === 0) {
      throw new Error("Missing headers param for tableToMarkdown. Example: headers=['Some Header']");
    }
    const header = headers[0];
    rows = rows.map((item) => ({ [header]: item }));
  }
  const dicts = rows.map((row) => (isObject(row) ? row : {}));

  if (headers.length === 0) {
    const seen = new Set<string>();
    for (const row of dicts) for (const key of Object.keys(row)) seen.add(key);
    headers = [...seen];
    if (options.sortHeaders ?? true) headers.sort();
  }
  if (options.removeNull) {
    headers = headers.filter((h) => dicts.some((row) => !isNullish(cell(row, h))));
  }
  if (headers.length === 0) return md + NO_ENTRIES;

  // Header lists a command passes (constants, or subsets of them after removeNull) are few: their rows are kept.
  // Lists made from the rows' own keys are not, so arbitrary data cannot grow the cache.
  md += options.headerTransform ? headerLines(headers, options.headerTransform)
    : options.headers ? defaultHeaderLines(headers) : headerLines(headers, escapeHeader);
  // A plain loop over the cells, then one join: the row is one flat string (appending cell by cell would keep a rope
  // of small strings alive per row — 43 MB more for a 100 000-row table, bench/PERFORMANCE-notes.md).
  const cells = new Array<string>(headers.length);
  for (const row of dicts) {
    for (let i = 0; i < headers.length; i++) {
      const value = cell(row, headers[i]);
      // Strings and numbers (most cells) take the short way: formatCell leaves a string as it is and makes a number
      // String(value), which has nothing to escape.
      cells[i] = value === null || value === undefined ? ''
        : typeof value === 'string' ? (TABLE_SPECIAL.test(value) ? stringEscapeMD(value, true, true) : value)
          : typeof value === 'number' ? String(value) : stringEscapeMD(formatCell(value), true, true);
    }
    md += `| ${cells.join(' | ')} |\n`;
  }
  return md;
}

/** The header row and the `---` row. */
function headerLines(headers: readonly string[], transform: (header: string) => string): string {
  return `|${headers.map(transform).join('|')}|\n|${headers.map(() => '---').join('|')}|\n`;
}

const escapeHeader = (header: string) => stringEscapeMD(header, true, true);

/** headerLines with the default escaping, kept by content (a filtered or copied list is a new array each call). */
function defaultHeaderLines(headers: readonly string[]): string {
  const key = headers.join('\u0000');
  let lines = HEADER_LINES.get(key);
  if (lines === undefined) {
    lines = headerLines(headers, escapeHeader);
    if (HEADER_LINES.size < 1000) HEADER_LINES.set(key, lines);
  }
  return lines;
}
const HEADER_LINES = new Map<string, string>();

/** removeNull's test: Python `value in ('', None, [], {})`. */
function isNullish(v: unknown): boolean {
  return v === '' || v === null || v === undefined || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

/**
 * XSOAR stringEscapeMD. Tables use (minimal, multiline): CR/LF → `<br>`, then only `|` and backtick escaped.
 * The full mode backslash-escapes every markdown character.
 */
export function stringEscapeMD(st: string, minimalEscaping = false, escapeMultiline = false): string {
  // Table cells (the minimal, multiline mode) mostly need nothing: one scan decides, before any replace.
  if (minimalEscaping && escapeMultiline && !TABLE_SPECIAL.test(st)) return st;
  let s = st;
  if (escapeMultiline) s = s.replace(/\r\n|\r|\n/g, '<br>');
  if (minimalEscaping) return s.replace(/[|`]/g, (c) => `\\${c}`);
  return [...s].map((c) => (MARKDOWN_CHARS.includes(c) ? `\\${c}` : c)).join('');
}

const TABLE_SPECIAL = /[|`\r\n]/;

/** formatCell (flatten mode): a dict is `key: value` lines; anything else goes through flattenCell. */
export function formatCell(data: unknown): string {
  if (typeof data === 'string') return data;
  if (isObject(data)) return Object.entries(data).map(([k, v]) => `${k}: ${flattenCell(v)}`).join('\n');
  return flattenCell(data);
}

/** flattenCell: strings as-is, lists as `str(item)` joined by `,\n`, the rest as json.dumps. */
function flattenCell(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Array.isArray(data)) return data.map((item) => (typeof item === 'string' ? item : pyRepr(item))).join(',\n');
  return pyJson(data);
}

/** Python `repr()` of JSON-like data: `{'k': 'v'}`, `[1, 2]`, `True`, `None`. */
export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return pyStr(v);
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${pyStr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return pyStr(String(v));
}

function pyStr(s: string): string {
  // Python prefers single quotes; it switches to double quotes when the text has ' but no ".
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  const body = s
    .replace(/\\/g, '\\\\')
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t')
    .replaceAll(quote, `\\${quote}`);
  return quote + body + quote;
}

/** Python `json.dumps(v, ensure_ascii=False)`: JSON with `, ` and `: ` separators. */
function pyJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return String(v); // NaN and Infinity as Python writes them
  if (typeof v === 'string' || typeof v === 'boolean') return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (isObject(v)) return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${pyJson(x)}`).join(', ')}}`;
  return JSON.stringify(String(v));
}

/** XSOAR string_to_table_header: `model_breach_id` → `Model Breach Id` (the rest of each word lowercased). */
export function stringToTableHeader(s: string): string {
  return s
    .replace(/_/g, ' ')
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

/** XSOAR pascalToSpace: `thisIsIPAddressName` → `This Is IP Address Name`, `deviceId` → `Device Id`. */
export function pascalToSpace(s: string): string {
  return s
    .replace(/([A-Z]?[a-z]+)/g, (m) => ` ${m.charAt(0).toUpperCase()}${m.slice(1).toLowerCase()} `)
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
}
