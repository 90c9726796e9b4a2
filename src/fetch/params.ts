// Fetch-incidents parameters (SPEC §4): parsing and validation of what XSOAR (strings) or another SOAR
// (JSON types) sends, and the `first_fetch` time expression.
import { utcFromFields } from '../util/calendar.js';

export interface FetchParams {
  /** Minimum breach score, 0–100 (sent to Darktrace as `minscore` 0–1). */
  minScore: number;
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

export type ParseFetchParamsResult = { ok: true; params: FetchParams } | { ok: false; errors: ParamError[] };

export const MAX_ALERTS_LIMIT = 1000;
export const MAX_LOOK_BACK_MINUTES = 1440;

export const DEFAULT_FETCH_PARAMS: Readonly<FetchParams> = Object.freeze({
  minScore: 0,
  maxAlerts: 50,
  firstFetch: '3 days',
  lookBackMinutes: 10,
});

/** Canonical parameter name → accepted aliases (the official XSOAR pack says `max_fetch`). */
export const FETCH_PARAM_ALIASES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  min_score: [],
  max_alerts: ['max_fetch'],
  first_fetch: [],
  look_back: [],
});

export class FirstFetchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FirstFetchError';
  }
}

const FIRST_FETCH_HELP =
  'use a relative time such as "3 days", "2 hours ago", "30 minutes" or "1 week", an ISO date or datetime ' +
  '(UTC unless it has an offset), or an epoch timestamp in milliseconds (13 digits) or seconds (10 digits)';

const UNIT_MS: Record<string, number> = {
  second: 1000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
};

const UNIT_ALIASES: Record<string, string> = {
  s: 'second', sec: 'second', secs: 'second', second: 'second', seconds: 'second',
  m: 'minute', min: 'minute', mins: 'minute', minute: 'minute', minutes: 'minute',
  h: 'hour', hr: 'hour', hrs: 'hour', hour: 'hour', hours: 'hour',
  d: 'day', day: 'day', days: 'day',
  w: 'week', wk: 'week', wks: 'week', week: 'week', weeks: 'week',
  mo: 'month', month: 'month', months: 'month',
  y: 'year', yr: 'year', yrs: 'year', year: 'year', years: 'year',
};

const RELATIVE = /^(\d+)\s*([a-z]+)(?:\s+ago)?$/;
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
    const rel = RELATIVE.exec(value);
    if (rel) {
      const amount = Number(rel[1]);
      const unit = UNIT_ALIASES[rel[2]];
      if (!unit) throw new FirstFetchError(`first_fetch has an unknown unit "${rel[2]}"; ${FIRST_FETCH_HELP}`);
      if (unit === 'month' || unit === 'year') {
        const d = new Date(now);
        if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - amount);
        else d.setUTCFullYear(d.getUTCFullYear() - amount);
        ms = d.getTime();
      } else {
        ms = now - amount * UNIT_MS[unit];
      }
    } else {
      ms = parseIso(value);
    }
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

/** Absent: undefined, null or a blank string (XSOAR sends "" for an unset parameter). */
function present(v: unknown): boolean {
  return !(v === undefined || v === null || (typeof v === 'string' && v.trim() === ''));
}

function show(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(v)) return Number(v);
  return undefined;
}

function intInRange(name: string, v: unknown, min: number, max: number, errors: ParamError[]): number | undefined {
  const n = toNumber(v);
  if (n === undefined || !Number.isInteger(n) || n < min || n > max) {
    errors.push({ path: name, message: `${name} must be a whole number from ${min} to ${max} (got ${show(v)})` });
    return undefined;
  }
  return n;
}

/**
 * Validates fetch parameters. Unknown keys are ignored (the caller may pass a whole XSOAR instance
 * configuration: url, tokens, isFetch…). Blank values take the defaults. Every bad parameter is reported,
 * each message naming the parameter and what is allowed. `now` (ms) is used to check `first_fetch`.
 */
export function parseFetchParams(raw: unknown, now: number = Date.now()): ParseFetchParamsResult {
  const errors: ParamError[] = [];
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    return { ok: false, errors: [{ path: 'params', message: 'params must be an object' }] };
  }
  const p = (raw ?? {}) as Record<string, unknown>;
  const params: FetchParams = { ...DEFAULT_FETCH_PARAMS };

  if (present(p.min_score)) {
    const n = toNumber(p.min_score);
    if (n === undefined || n < 0 || n > 100) {
      errors.push({ path: 'min_score', message: `min_score must be a number from 0 to 100 (got ${show(p.min_score)})` });
    } else {
      params.minScore = n;
    }
  }

  const maxAlerts = present(p.max_alerts) ? p.max_alerts : undefined;
  const maxFetch = present(p.max_fetch) ? p.max_fetch : undefined;
  if (maxAlerts !== undefined && maxFetch !== undefined && toNumber(maxAlerts) !== toNumber(maxFetch)) {
    errors.push({
      path: 'max_alerts',
      message: `max_alerts (${show(maxAlerts)}) and its alias max_fetch (${show(maxFetch)}) disagree; set only one`,
    });
  } else if (maxAlerts !== undefined || maxFetch !== undefined) {
    const name = maxAlerts !== undefined ? 'max_alerts' : 'max_fetch';
    const n = intInRange(name, maxAlerts ?? maxFetch, 1, MAX_ALERTS_LIMIT, errors);
    if (n !== undefined) params.maxAlerts = n;
  }

  if (present(p.look_back)) {
    const n = intInRange('look_back', p.look_back, 0, MAX_LOOK_BACK_MINUTES, errors);
    if (n !== undefined) params.lookBackMinutes = n;
  }

  if (present(p.first_fetch)) {
    if (typeof p.first_fetch !== 'string' && typeof p.first_fetch !== 'number') {
      errors.push({ path: 'first_fetch', message: `first_fetch must be a string; ${FIRST_FETCH_HELP}` });
    } else {
      const text = String(p.first_fetch).trim();
      try {
        parseFirstFetch(text, now);
        params.firstFetch = text;
      } catch (e) {
        errors.push({ path: 'first_fetch', message: (e as Error).message });
      }
    }
  }

  return errors.length ? { ok: false, errors } : { ok: true, params };
}

/** `min_score` (0–100) as Darktrace's `minscore` (0–1), without binary-float noise (73 → 0.73). */
export function toMinscore(minScore: number): number {
  return Number((minScore / 100).toFixed(6));
}
