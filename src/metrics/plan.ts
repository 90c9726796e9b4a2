// darktrace-get-metric-data's arguments → the exact /metricdata requests (reference §metricdata 2.1–2.2):
// one metric as `metric=`, several as `metric1=…&metric2=…` (never `metric=a,b`, which a live appliance
// answered with unrelated data), `interval` in whole seconds, `starttime`/`endtime` in epoch ms, lowercase
// booleans, and `devices` — not an appliance parameter — as one request per device. Every check runs
// before anything is sent; all problems are reported together, each naming its argument.
import { bucketCount } from '../timeseries/grid.js';
import type { MetricCatalogue } from './catalogue.js';
import { INTERVAL_LABEL_LIST, INTERVAL_LABELS, parseInterval, type Interval } from './intervals.js';
import { closestNames } from './suggest.js';
import { parseTimeArg } from './time.js';

/** Coerced command arguments (the registry has already turned XSOAR strings into numbers/booleans/lists). */
export interface MetricDataArgs {
  metric?: string;
  metrics?: readonly string[];
  did?: number;
  ddid?: number;
  odid?: number;
  port?: number;
  sourceport?: number;
  destinationport?: number;
  /** An IP protocol name (tcp, udp, icmp…) or its number; sent as the number, as the guide's example does. */
  protocol?: string | number;
  applicationprotocol?: string;
  start_time?: string | number;
  end_time?: string | number;
  /** A time to centre the window on: the hour before it to the hour after it (clipped to now). */
  around?: string | number;
  /** A label (1min…7day) or whole seconds. Default 5min. */
  interval?: string | number;
  breachtimes?: boolean;
  fulldevicedetails?: boolean;
  devices?: ReadonlyArray<string | number>;
  /** Fill missing buckets with 0 (default: keep them as gaps). */
  zero_fill?: boolean;
}

export interface ArgIssue {
  path: string;
  message: string;
}

export type WireValue = string | number | boolean;
export type WireQuery = Array<[string, WireValue]>;

export interface MetricQuery {
  /** The device this request is for (the `did` sent), absent for a network-wide query. */
  did?: number;
  /** Query pairs in the order sent. */
  query: WireQuery;
}

export interface MetricPlan {
  /** Requested metric names, in the order asked (duplicates dropped). */
  metrics: string[];
  interval: Interval;
  /** Requested window, epoch ms: [start, end). */
  start: number;
  end: number;
  breachtimes: boolean;
  zeroFill: boolean;
  /** One per device (or one), in the order the devices were given. */
  queries: MetricQuery[];
  /** True when several devices were asked for (a comparison is wanted). */
  multiDevice: boolean;
}

export type PlanResult = { ok: true; plan: MetricPlan } | { ok: false; errors: ArgIssue[] };

export const DEFAULT_INTERVAL = '5min';
export const DEFAULT_WINDOW_MS = 3_600_000;
/** `around`: this long either side of the time (a playbook has the breach time, not a window). */
export const AROUND_MS = 3_600_000;
/** More buckets than this in one answer is refused (SPEC §10). */
export const MAX_BUCKETS = 10_000;
export const MAX_METRICS = 10;
export const MAX_DEVICES = 50;

/** IANA protocol numbers for the names people type; /enums on the appliance has the full list. */
export const PROTOCOL_NUMBERS: Readonly<Record<string, number>> = Object.freeze({
  icmp: 1, igmp: 2, tcp: 6, udp: 17, gre: 47, esp: 50, ah: 51, icmpv6: 58, sctp: 132,
});

const FILTERS = ['ddid', 'odid', 'port', 'sourceport', 'destinationport'] as const;

const fmt = (n: number) => n.toLocaleString('en-US');
/** Echoed input is cut short: a megabyte argument must not come back in the error. */
const shorten = (text: string) => (text.length > 60 ? `${text.slice(0, 57)}...` : text);
const MAX_NAME_LENGTH = 100;
const iso = (ms: number) => new Date(ms).toISOString();

export interface PlanOptions {
  /** The caller's clock, epoch ms (relative times and the default window). */
  now: number;
  /** When given, metric names are checked against it (unknown → closest names). */
  catalogue?: MetricCatalogue;
}

export function planMetricQueries(args: MetricDataArgs, options: PlanOptions): PlanResult {
  const errors: ArgIssue[] = [];
  const add = (path: string, message: string) => errors.push({ path, message: `${path}: ${message}` });

  const metrics = checkMetrics(args, options.catalogue, add);
  const interval = checkInterval(args, add);
  const window = checkWindow(args, options.now, add);
  const devices = checkDevices(args, add);
  const protocol = checkProtocol(args.protocol, add);
  for (const [key, max] of [['did', Number.MAX_SAFE_INTEGER], ['ddid', Number.MAX_SAFE_INTEGER], ['odid', Number.MAX_SAFE_INTEGER],
    ['port', 65_535], ['sourceport', 65_535], ['destinationport', 65_535]] as const) {
    const value = args[key];
    if (value !== undefined && !(Number.isSafeInteger(value) && value >= 0 && value <= max)) {
      add(key, max === 65_535 ? `${value} is not a port: use a whole number from 0 to 65535` : `${value} is not a device id: use a whole number, 0 or more`);
    }
  }
  const applicationprotocol = args.applicationprotocol?.trim();
  if (args.applicationprotocol !== undefined && !applicationprotocol) add('applicationprotocol', 'must not be empty');
  if (applicationprotocol && applicationprotocol.length > MAX_NAME_LENGTH) add('applicationprotocol', `must be at most ${MAX_NAME_LENGTH} characters`);

  if (interval && window) {
    const buckets = bucketCount({ start: window.start, end: window.end, stepMs: interval.seconds * 1000 });
    if (buckets > MAX_BUCKETS) add('interval', tooManyBuckets(interval, window, buckets));
  }
  if (errors.length || !metrics || !interval || !window || !devices) return { ok: false, errors };

  const metricPairs: WireQuery = metrics.length === 1
    ? [['metric', metrics[0]]]
    : metrics.map((m, i) => [`metric${i + 1}`, m]);
  const build = (did: number | undefined): MetricQuery => {
    const query: WireQuery = [...metricPairs];
    const put = (key: string, value: WireValue | undefined) => {
      if (value !== undefined) query.push([key, value]);
    };
    put('did', did);
    for (const key of FILTERS) put(key, args[key]);
    put('protocol', protocol);
    put('applicationprotocol', applicationprotocol);
    put('starttime', window.start);
    put('endtime', window.end);
    put('interval', interval.seconds);
    // Both default to false on the appliance; sent only when they change something.
    put('breachtimes', args.breachtimes ? true : undefined);
    put('fulldevicedetails', args.fulldevicedetails ? true : undefined);
    return did === undefined ? { query } : { did, query };
  };
  const queries = devices.length ? devices.map(build) : [build(args.did)];
  return {
    ok: true,
    plan: {
      metrics,
      interval,
      start: window.start,
      end: window.end,
      breachtimes: args.breachtimes ?? false,
      zeroFill: args.zero_fill ?? false,
      queries,
      multiDevice: devices.length > 1,
    },
  };
}

type Add = (path: string, message: string) => void;

function checkMetrics(args: MetricDataArgs, catalogue: MetricCatalogue | undefined, add: Add): string[] | undefined {
  const hasOne = args.metric !== undefined && args.metric.trim() !== '';
  const hasMany = args.metrics !== undefined && args.metrics.length > 0;
  if (hasOne && hasMany) {
    add('metric', 'metric and metrics were both given; give only one (metric for one name, metrics for a list)');
    return undefined;
  }
  if (!hasOne && !hasMany) {
    add('metric', 'neither metric nor metrics was given; give metric (one name) or metrics (a list of names)');
    return undefined;
  }
  const path = hasOne ? 'metric' : 'metrics';
  const raw = hasOne ? [args.metric as string] : [...(args.metrics as readonly string[])];
  const names = [...new Set(raw.map((m) => m.trim()).filter(Boolean))];
  let ok = true;
  if (hasOne && names[0].includes(',')) {
    add('metric', `takes one metric name, got ${JSON.stringify(shorten(names[0]))}; for several use metrics (they are sent as metric1, metric2, …)`);
    return undefined;
  }
  if (names.length > MAX_METRICS) {
    add(path, `at most ${MAX_METRICS} metrics per call, got ${names.length}`);
    ok = false;
  }
  for (const name of names) {
    if (!/^[A-Za-z0-9_.:-]+$/.test(name) || name.length > MAX_NAME_LENGTH) {
      add(path, `${JSON.stringify(shorten(name))} is not a metric name (system names are letters and digits, e.g. connections)`);
      ok = false;
    } else if (catalogue && !catalogue.has(name)) {
      const close = closestNames(name, catalogue.metrics);
      add(path, close.length
        ? `unknown metric "${name}"; closest in the catalogue: ${close.join(', ')}`
        : `unknown metric "${name}"; none of the ${fmt(catalogue.size)} catalogue metrics is close (darktrace-list-metrics lists them)`);
      ok = false;
    }
  }
  return ok ? names : undefined;
}

function checkInterval(args: MetricDataArgs, add: Add): Interval | undefined {
  const result = parseInterval(args.interval ?? DEFAULT_INTERVAL);
  if (!result.ok) {
    add('interval', result.message);
    return undefined;
  }
  return result.interval;
}

function checkWindow(args: MetricDataArgs, now: number, add: Add): { start: number; end: number } | undefined {
  const parse = (path: string, value: string | number | undefined): number | undefined | null => {
    if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
    const r = parseTimeArg(value, now);
    if (r.ok) return r.ms;
    add(path, r.message);
    return null; // given but bad
  };
  const start = parse('start_time', args.start_time);
  const end = parse('end_time', args.end_time);
  const around = parse('around', args.around);
  if (start === null || end === null || around === null) return undefined;
  if (around !== undefined) {
    if (start !== undefined || end !== undefined) {
      add('around', 'around and start_time/end_time were both given; give around (the hour either side of a time) or a start_time/end_time window');
      return undefined;
    }
    if (around > now) {
      add('around', `${iso(around)} is in the future (now is ${iso(now)}); there is no data after now`);
      return undefined;
    }
    return { start: Math.max(0, around - AROUND_MS), end: Math.min(around + AROUND_MS, now) };
  }
  // Default: the last hour. Only a start: from it until now. Only an end: the hour before it.
  if (start !== undefined && start >= now) {
    add('start_time', `${iso(start)} is not in the past (now is ${iso(now)}); there is no data after now`);
    return undefined;
  }
  const e = end ?? now;
  const s = start ?? e - DEFAULT_WINDOW_MS;
  if (s >= e) {
    add('end_time', `the window must end after it starts: start_time ${iso(s)} is not before end_time ${iso(e)}`);
    return undefined;
  }
  return { start: s, end: e };
}

function checkDevices(args: MetricDataArgs, add: Add): number[] | undefined {
  if (!args.devices || args.devices.length === 0) return [];
  if (args.did !== undefined) {
    add('devices', 'did and devices were both given; give did for one device or devices for several');
    return undefined;
  }
  const dids: number[] = [];
  let ok = true;
  for (const raw of args.devices) {
    const text = String(raw).trim();
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
      add('devices', `${JSON.stringify(shorten(String(raw)))} is not a device id (did): use whole numbers, e.g. 1,5,12`);
      ok = false;
      continue;
    }
    const did = Number(text);
    if (!dids.includes(did)) dids.push(did);
  }
  if (dids.length > MAX_DEVICES) {
    add('devices', `at most ${MAX_DEVICES} devices per call, got ${dids.length}`);
    ok = false;
  }
  return ok ? dids : undefined;
}

function checkProtocol(value: string | number | undefined, add: Add): number | undefined {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return undefined;
  const text = String(value).trim().toLowerCase();
  const n = /^\d+$/.test(text) ? Number(text) : PROTOCOL_NUMBERS[text];
  if (n === undefined || n > 255) {
    add('protocol', `${JSON.stringify(shorten(String(value)))} is not an IP protocol; use its number (0-255, e.g. 6 for TCP) or one of ${Object.keys(PROTOCOL_NUMBERS).join(', ')}`);
    return undefined;
  }
  return n;
}

function tooManyBuckets(interval: Interval, w: { start: number; end: number }, buckets: number): string {
  const fits = INTERVAL_LABEL_LIST.map((label) => ({ label, n: bucketCount({ start: w.start, end: w.end, stepMs: INTERVAL_LABELS[label] * 1000 }) }))
    .find((c) => c.n <= MAX_BUCKETS);
  const head = `${interval.label} over ${iso(w.start)} – ${iso(w.end)} is ${fmt(buckets)} buckets, more than the ${fmt(MAX_BUCKETS)} allowed`;
  return fits
    ? `${head}; the smallest interval that fits is ${fits.label} (${fmt(fits.n)} buckets), or shorten the window`
    : `${head}, and even 7day does not fit; shorten the window`;
}
