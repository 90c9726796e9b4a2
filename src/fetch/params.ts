// Fetch parameters, declared once (SPEC §4, §9): each FetchParamSpec carries the name callers use, its aliases,
// default, validation, description and integration.yml form. Everything else is derived from these declarations:
// the fetch-incidents arguments and test-module's fetch check (args.ts), the integration.yml instance parameters
// and the shim's list of forwarded parameters (src/xsoar/integration.ts), and parseFetchParams below.
// The engine's own parameters are here; each source declares its filters next to its query (sources/).
// Also: the `first_fetch` time expression.
import { utcFromFields } from '../util/calendar.js';
import { relativeTime } from '../util/relative-time.js';

interface FetchParamCommon {
  /** The name callers send (XSOAR instance parameter, command argument, HTTP `params` key). */
  name: string;
  /** The FetchParams field it fills. */
  key: string;
  /** Other accepted names (the official XSOAR pack's). */
  aliases: readonly string[];
  /** What it means, for the command manifest and the OpenAPI document. */
  description: string;
  /** Its integration.yml instance parameter (reference soar-conventions §4.1): type 0 is short text. */
  integration: { display: string; type: number; required: boolean; advanced?: boolean; additionalinfo?: string };
}

/** A number in an inclusive range (`int`: whole numbers only). */
export interface NumericParamSpec extends FetchParamCommon {
  kind: 'int' | 'number';
  min: number;
  max: number;
  default: number;
}

/** A first_fetch-style time expression, resolved against the fetch's now. */
export interface TimeParamSpec extends FetchParamCommon {
  kind: 'time';
  default: string;
}

/** A set of choices (fetch_sources): a list of allowed names, none repeated, at least one. */
export interface ChoiceListParamSpec extends FetchParamCommon {
  kind: 'choices';
  choices: readonly string[];
  default: readonly string[];
}

export type FetchParamSpec = NumericParamSpec | TimeParamSpec | ChoiceListParamSpec;

/** The engine's parameters (shared by every source). */
export interface EngineParams {
  /** Incidents per fetch, 1–1000. */
  maxAlerts: number;
  /** The raw `first_fetch` expression; resolved against the fetch's `now` on the first fetch only. */
  firstFetch: string;
  /** Overlap in minutes, 0–1440. */
  lookBackMinutes: number;
}

export interface ParamError {
  path: string;
  message: string;
}

export const MAX_ALERTS_LIMIT = 1000;
export const MAX_LOOK_BACK_MINUTES = 1440;
export const DEFAULT_FIRST_FETCH = '3 days';

export const ENGINE_PARAMS: readonly FetchParamSpec[] = Object.freeze<FetchParamSpec[]>([
  {
    // max_fetch is the name demisto-sdk's validation requires (IN126) and the official DarktraceMBs/AIA packs use;
    // max_alerts (this plugin's earlier name, and the oldest Darktrace.py's) is still read from old configurations.
    name: 'max_fetch', key: 'maxAlerts', aliases: ['max_alerts'], kind: 'int', min: 1, max: MAX_ALERTS_LIMIT, default: 50,
    description: `Maximum incidents per fetch, 1-${MAX_ALERTS_LIMIT}.`,
    integration: { display: `Maximum number of model breaches to fetch at a time (1-${MAX_ALERTS_LIMIT})`, type: 0, required: false },
  },
  {
    name: 'first_fetch', key: 'firstFetch', aliases: [], kind: 'time', default: DEFAULT_FIRST_FETCH,
    description: 'Where the first fetch starts: "3 days", "2 hours ago", an ISO date, or epoch ms.',
    integration: {
      display: 'First fetch time', type: 0, required: false,
      additionalinfo: 'How far back the first fetch reaches: "3 days", "2 hours ago", an ISO date (2024-01-31T00:00:00Z) or epoch milliseconds.',
    },
  },
  {
    name: 'look_back', key: 'lookBackMinutes', aliases: [], kind: 'int', min: 0, max: MAX_LOOK_BACK_MINUTES, default: 10,
    description: 'Minutes of overlap re-queried each fetch, for breaches indexed late.',
    integration: {
      display: 'Look back (minutes)', type: 0, required: false, advanced: true,
      additionalinfo: 'Each fetch re-reads this many minutes before the last fetched breach so that late-created breaches are not missed (no duplicates).',
    },
  },
]);

export class FirstFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FirstFetchError';
  }
}

export const FIRST_FETCH_HELP =
  'use a relative time such as "3 days", "2 hours ago", "30 minutes" or "1 week", an ISO date or datetime ' +
  '(UTC unless it has an offset), or an epoch timestamp in milliseconds (13 digits) or seconds (10 digits)';

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Resolves a `first_fetch` expression to epoch milliseconds, relative to `now` (ms).
 *
 * Digits only: 12 or more digits are epoch **milliseconds**; 11 or fewer are epoch **seconds** and are
 * multiplied by 1000 (`date +%s` output is 10 digits; a millisecond value that short would mean 1970–1973,
 * which nobody fetches from). The official pack's defect was the reverse — it sent seconds where Darktrace
 * expects milliseconds — so the unit is decided here, once, and the engine only ever sees milliseconds.
 * Months and years are calendar arithmetic in UTC. The result must not be in the future.
 * Throws FirstFetchError with a message that says what is accepted.
 */
export function parseFirstFetch(text: string, now: number): number {
  const value = String(text).trim().toLowerCase();
  if (value === '') throw new FirstFetchError(`first_fetch is empty; ${FIRST_FETCH_HELP}`);
  let ms: number | undefined;
  if (/^\d+$/.test(value)) {
    const n = Number(value);
    ms = value.length >= 12 ? n : n * 1000;
  } else {
    const rel = relativeTime(value, now);
    if (typeof rel === 'object') throw new FirstFetchError(`first_fetch has an unknown unit "${rel.unknownUnit}"; ${FIRST_FETCH_HELP}`);
    ms = rel ?? parseIso(value);
  }
  if (ms === undefined || !Number.isFinite(ms)) {
    throw new FirstFetchError(`first_fetch "${text}" is not a time; ${FIRST_FETCH_HELP}`);
  }
  if (ms < 0) throw new FirstFetchError(`first_fetch "${text}" is before 1970`);
  if (ms > now) throw new FirstFetchError(`first_fetch "${text}" is in the future`);
  return ms;
}

function parseIso(value: string): number | undefined {
  let m = ISO_DATE.exec(value);
  if (m) return utcFromFields(+m[1], +m[2], +m[3], 0, 0, 0, 0);
  m = ISO_DATETIME.exec(value);
  if (!m) return undefined;
  const fraction = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  let ms = utcFromFields(+m[1], +m[2], +m[3], +m[4], +m[5], m[6] ? +m[6] : 0, fraction);
  if (ms === undefined) return undefined;
  const zone = m[8]?.toUpperCase();
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return undefined;
    ms -= sign * (hours * 60 + minutes) * 60_000;
  }
  return ms;
}

export function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

/** The message for a value outside a numeric parameter's range (or not a number of that kind at all). */
export function rangeMessage(spec: NumericParamSpec, name: string, v: unknown): string {
  const what = spec.kind === 'int' ? 'a whole number' : 'a number';
  return `${name} must be ${what} from ${spec.min} to ${spec.max} (got ${show(v)})`;
}

/** What is wrong with a choice list (undefined: nothing): every item one of the choices, none twice, at least one. */
export function choicesMessage(spec: ChoiceListParamSpec, name: string, v: unknown): string | undefined {
  const allowed = `one or more of ${spec.choices.join(', ')}`;
  if (!Array.isArray(v) || v.length === 0 || v.some((x) => typeof x !== 'string')) return `${name} must be ${allowed} (got ${show(v)})`;
  const unknown = v.filter((x) => !spec.choices.includes(x as string));
  if (unknown.length) return `${name} includes ${unknown.map((x) => show(x)).join(', ')}, which ${unknown.length === 1 ? 'is' : 'are'} not a source; use ${allowed}`;
  const repeated = v.filter((x, i) => v.indexOf(x) !== i);
  if (repeated.length) return `${name} names ${show(repeated[0])} twice`;
  return undefined;
}

function inRange(spec: NumericParamSpec, n: number): boolean {
  return (spec.kind !== 'int' || Number.isInteger(n)) && n >= spec.min && n <= spec.max; // NaN fails both
}

/** Every parameter's default, by key. */
export function defaultsOf(specs: readonly FetchParamSpec[]): Record<string, number | string | readonly string[]> {
  return Object.fromEntries(specs.map((s) => [s.key, s.kind === 'choices' ? [...s.default] : s.default]));
}

/**
 * Checks already-typed parameter values (the engine's input) against their declarations; time expressions are
 * the engine's to resolve. Returns every problem, each naming the parameter.
 */
export function checkParamValues(specs: readonly FetchParamSpec[], params: Record<string, unknown>): ParamError[] {
  const errors: ParamError[] = [];
  for (const spec of specs) {
    if (spec.kind === 'time') continue;
    const v = params[spec.key];
    if (spec.kind === 'choices') {
      const message = choicesMessage(spec, spec.name, v);
      if (message) errors.push({ path: spec.name, message });
      continue;
    }
    if (typeof v !== 'number' || !inRange(spec, v)) errors.push({ path: spec.name, message: rangeMessage(spec, spec.name, v) });
  }
  return errors;
}
