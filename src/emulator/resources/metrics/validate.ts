// Strict /metricdata input checks (reference §metricdata 2.1–2.2, 2.6). The appliance's behaviour on bad
// input is mostly undocumented; where unknown we refuse (400 INPUT ERROR) so the product can never come to
// rely on a form the appliance may not accept — in particular the darktrace-sdk's broken wire forms:
// `metric=a,b`, `interval=5min`, `devices=…`. Each refusal's reason is in `error`.
import { utcFromFields } from '../../../util/calendar.js';
import type { CatalogueMetric } from './catalogue.js';

export interface MetricDataQuery {
  /** From `metric`, or `metric1`…`metricN` in order. */
  metrics: string[];
  did?: number;
  /** Filter parameters as sent, in a fixed order (they shape the generated stream). */
  filters: Record<string, number | string>;
  start: number;
  end: number;
  intervalSeconds: number;
  breachtimes: boolean;
  fulldevicedetails: boolean;
}

export type Validation = { ok: true; query: MetricDataQuery } | { ok: false; error: string };

export interface ValidateContext {
  now: number;
  catalogue: readonly CatalogueMetric[];
}

/** The documented default bucket, seconds. */
export const DEFAULT_INTERVAL_SECONDS = 60;
/** No time given: the last hour (the appliance's default window is undocumented). */
export const DEFAULT_WINDOW_MS = 3_600_000;
/** The emulator refuses answers longer than this many buckets per metric (the appliance's limit is unknown). */
export const MAX_BUCKETS = 10_000;

const INTEGER_FILTERS = ['ddid', 'odid', 'port', 'sourceport', 'destinationport', 'protocol'] as const;
const LIMITS: Record<string, number> = { port: 65_535, sourceport: 65_535, destinationport: 65_535, protocol: 255 };
const KNOWN = new Set(['metric', 'did', ...INTEGER_FILTERS, 'applicationprotocol', 'starttime', 'endtime', 'from', 'to', 'interval', 'breachtimes', 'fulldevicedetails']);
const METRIC_N = /^metric([1-9]\d*)$/;
const MAX_TIME_MS = 253_402_300_799_999;
const DT_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/;

class Refused extends Error {}
const refuse = (message: string): never => {
  throw new Refused(message);
};

function integer(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) refuse(`Invalid value for ${name}: expected a non-negative integer`);
  const n = Number(value);
  if (LIMITS[name] !== undefined && n > LIMITS[name]) refuse(`Invalid value for ${name}: expected at most ${LIMITS[name]}`);
  return n;
}

function bool(params: URLSearchParams, name: string): boolean {
  const value = params.get(name);
  if (value === null) return false;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return refuse(`Invalid value for ${name}: expected true or false`);
}

/** `YYYY-MM-DD HH:MM:SS` (the table's form) or with a `T` (the guide's examples), UTC. */
function dtTime(name: string, value: string): number {
  const m = DT_TIME.exec(value);
  const ms = m ? utcFromFields(...(m.slice(1, 7).map(Number) as [number, number, number, number, number, number])) : undefined;
  return ms ?? refuse(`Invalid value for ${name}: expected YYYY-MM-DD HH:MM:SS`);
}

function metricNames(params: URLSearchParams, catalogue: readonly CatalogueMetric[]): string[] {
  const numbered = [...new Set([...params.keys()].filter((k) => METRIC_N.test(k)))]
    .map((k) => ({ key: k, n: Number(METRIC_N.exec(k)![1]) }))
    .sort((a, b) => a.n - b.n);
  const single = params.get('metric');
  if (single !== null && numbered.length) refuse('Invalid parameters: metric and metric1…metricN cannot be combined');
  if (numbered.some((m, i) => m.n !== i + 1)) refuse('Invalid parameters: metric1…metricN must be numbered from 1 without gaps');
  const values = single !== null ? [single] : numbered.map((m) => params.get(m.key) as string);
  if (values.length === 0) refuse('Missing required parameter: metric');
  const names = new Set(catalogue.map((m) => m.name));
  for (const value of values) {
    if (value === '') refuse('Invalid value for metric: expected a metric name');
    if (value.includes(',')) refuse('Invalid value for metric: one metric name per parameter (several metrics are metric1, metric2, …)');
    if (!names.has(value)) refuse(`Unknown metric: ${value.length > 60 ? `${value.slice(0, 57)}...` : value}`);
  }
  return values;
}

function window(params: URLSearchParams, now: number): { start: number; end: number } {
  const ms = params.has('starttime') || params.has('endtime');
  const text = params.has('from') || params.has('to');
  if (ms && text) refuse('Invalid parameters: give starttime/endtime or from/to, not both');
  let start: number | undefined;
  let end: number | undefined;
  if (ms) {
    start = integer(params, 'starttime');
    end = integer(params, 'endtime');
    if (start === undefined || end === undefined) refuse('Invalid parameters: starttime and endtime must be given together');
    for (const [name, value] of [['starttime', start], ['endtime', end]] as const) {
      if ((value as number) > MAX_TIME_MS) refuse(`Invalid value for ${name}: expected epoch milliseconds before the year 10000`);
    }
  } else if (text) {
    const from = params.get('from');
    const to = params.get('to');
    if (from === null || to === null) refuse('Invalid parameters: from and to must be given together');
    start = dtTime('from', from as string);
    end = dtTime('to', to as string);
  } else {
    return { start: now - DEFAULT_WINDOW_MS, end: now };
  }
  if ((start as number) >= (end as number)) refuse('Invalid parameters: the start time must be before the end time');
  return { start: start as number, end: end as number };
}

export function validateMetricDataQuery(params: URLSearchParams, ctx: ValidateContext): Validation {
  try {
    // The darktrace-sdk's multi-device form: not an appliance parameter (SDK 0.10.1 removed it).
    if (params.has('devices')) refuse('Unknown parameter: devices (ask for one did per request)');
    for (const key of new Set(params.keys())) {
      if ((KNOWN.has(key) || METRIC_N.test(key)) && params.getAll(key).length > 1) refuse(`Invalid parameters: ${key} given more than once`);
    }
    const metrics = metricNames(params, ctx.catalogue);
    const did = integer(params, 'did');
    const filters: Record<string, number | string> = {};
    for (const name of INTEGER_FILTERS) {
      const value = integer(params, name);
      if (value !== undefined) filters[name] = value;
    }
    const app = params.get('applicationprotocol');
    if (app !== null) {
      if (app === '') refuse('Invalid value for applicationprotocol: expected a protocol name');
      filters.applicationprotocol = app;
    }
    const interval = params.get('interval');
    if (interval !== null && !/^\d+$/.test(interval)) refuse('Invalid value for interval: expected an integer number of seconds');
    const intervalSeconds = interval === null ? DEFAULT_INTERVAL_SECONDS : Number(interval);
    if (intervalSeconds <= 0 || !Number.isSafeInteger(intervalSeconds)) refuse('Invalid value for interval: expected a positive number of seconds');
    const { start, end } = window(params, ctx.now);
    const stepMs = intervalSeconds * 1000;
    const buckets = Math.ceil((end - Math.floor(start / stepMs) * stepMs) / stepMs);
    if (buckets > MAX_BUCKETS) refuse(`Invalid parameters: ${buckets} intervals requested, at most ${MAX_BUCKETS}`);
    return {
      ok: true,
      query: {
        metrics,
        ...(did === undefined ? {} : { did }),
        filters,
        start,
        end,
        intervalSeconds,
        breachtimes: bool(params, 'breachtimes'),
        fulldevicedetails: bool(params, 'fulldevicedetails'),
      },
    };
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.message };
    throw err;
  }
}
