// darktrace-get-profile (SPEC §12, Metron's PROFILE_GET with PROFILE_WINDOW / PROFILE_FIXED): a seasonal baseline
// of one entity's metric and how its latest period compares — "is this hour normal for this device on a weekday?".
// `profile` is a stored descriptor (one store aggregation over all the windows; the caller needs its readFunction)
// or `darktrace:<metric>` (live /metricdata at the period duration, one request per run of adjacent periods).
// Where Metron returns an empty list for a wrong `groups` list, this is a 400 naming the descriptor's keys.
import { DescriptorNotFoundError, AGGREGATION_FUNCTIONS, type Descriptor } from '../src/descriptors/index.js';
import { metricDataFor, metricList } from '../src/darktrace/resources/metrics.js';
import { sparkline } from '../src/markdown/sparkline.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { Problem } from '../src/pipeline/problem.js';
import {
  DEFAULT_PERIOD_MS, durationMs, formatNumber, planProfile, readProfile, zone,
  type ProfilePlan, type ProfileSelection, type ProfileValues,
} from '../src/profile/index.js';
import { isLiveProfile, resolveLiveProfile, resolveStoredProfile, type ResolvedProfile } from '../src/profile/sources/index.js';
import { refusal, type Caller } from '../src/registry/access.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { instantCheck, parseInstant } from '../src/registry/instant.js';
import { msToIso } from '../src/registry/time.js';
import { descriptorCheck } from '../src/descriptors/access.js';

/** Darktrace.Profile: exactly SPEC §12's shape (times are epoch ms, like the period ids they come from). */
export interface ProfileOutput {
  profile: string;
  entity: string | number;
  groups: string[];
  selector: string;
  timezone: string;
  periodMs: number;
  windows: Array<{ start: number; end: number }>;
  periods: Array<{ id: number; start: number; end: number; value: number | null }>;
  values: number[];
  stats: ProfileValues['stats'];
  latest?: { period: { id: number; start: number; end: number }; value: number; zScore: number | null };
}

/** Pure transform: the plan and what was read → the context object. */
export function toOutput(resolved: Pick<ResolvedProfile, 'profile' | 'entity' | 'groups'>, plan: ProfilePlan, read: ProfileValues): ProfileOutput {
  return {
    profile: resolved.profile,
    entity: resolved.entity,
    groups: resolved.groups.map((g) => g.value),
    selector: plan.selection,
    timezone: plan.timezone,
    periodMs: plan.periodMs,
    windows: plan.windows.map((w) => ({ start: w.start, end: w.end })),
    periods: read.periods.map((p) => ({ id: p.id, start: p.start, end: p.end, value: p.value })),
    values: read.values,
    stats: read.stats,
    ...(read.latest ? { latest: { period: { ...read.latest.period }, value: read.latest.value, zScore: read.latest.zScore } } : {}),
  };
}

/** Windows listed in the readable output; beyond, one line says how many more. */
export const WINDOWS_SHOWN = 30;
const SPARKLINE_WIDTH = 96;
const DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const stat = (x: number | null) => (x === null ? '' : formatNumber(x));

function periodLength(ms: number): string {
  for (const [unit, size] of [['day', 86_400_000], ['hour', 3_600_000], ['minute', 60_000], ['second', 1_000]] as const) {
    if (ms % size === 0) return `${ms / size}-${unit}`;
  }
  return `${ms}-ms`;
}

export function toReadable(out: ProfileOutput, comparison: string, calls: string): string {
  const tz = zone(out.timezone);
  const groups = out.groups.length ? ` (groups ${out.groups.join(', ')})` : '';
  const lines = [
    `### Profile ${out.profile} of ${out.entity}${groups}`,
    comparison,
    '',
    `Selector: \`${out.selector}\` — ${out.timezone}, ${periodLength(out.periodMs)} periods; ${out.windows.length} window${out.windows.length === 1 ? '' : 's'}, ${out.periods.length} period${out.periods.length === 1 ? '' : 's'} (${out.values.length} with a value), read with ${calls}.`,
  ];
  if (out.values.length) lines.push('', `Baseline: ${sparkline(out.values, SPARKLINE_WIDTH)}`);
  lines.push('', tableToMarkdown('Statistics', [{
    Periods: out.stats.count, Mean: stat(out.stats.mean), 'σ (sample)': stat(out.stats.stdev), Min: stat(out.stats.min),
    Median: stat(out.stats.median), Max: stat(out.stats.max),
    Latest: out.latest ? formatNumber(out.latest.value) : '', 'z-score': out.latest?.zScore === null || !out.latest ? '' : out.latest.zScore.toFixed(2),
  }], { headers: ['Periods', 'Mean', 'σ (sample)', 'Min', 'Median', 'Max', 'Latest', 'z-score'] }).trimEnd());
  if (out.windows.length) {
    // A period belongs to every window holding its start (windows may overlap).
    const rows = out.windows.slice(0, WINDOWS_SHOWN).map((w) => {
      const inside = out.periods.filter((p) => p.start >= w.start && p.start <= w.end);
      const values = inside.flatMap((p) => (p.value === null ? [] : [p.value]));
      return {
        Start: msToIso(w.start) ?? String(w.start), End: msToIso(w.end) ?? String(w.end), Day: DAYS[tz.localDay(w.start).dayOfWeek],
        Periods: inside.length, 'With a value': values.length, Max: values.length ? formatNumber(Math.max(...values)) : '',
      };
    });
    lines.push('', tableToMarkdown('Windows', rows, { headers: ['Start', 'End', 'Day', 'Periods', 'With a value', 'Max'] }).trimEnd());
    if (out.windows.length > WINDOWS_SHOWN) lines.push(`… and ${out.windows.length - WINDOWS_SHOWN} more windows (all are in the context).`);
  }
  return lines.join('\n');
}

function notFound(err: DescriptorNotFoundError): Problem {
  return new Problem({
    code: 'NOT_FOUND', retryable: false,
    detail: `${err.message} A profile is a metric descriptor's shortName or id, or darktrace:<metric> for a live Darktrace metric (e.g. darktrace:connections).`,
  });
}

const selectionOf = (a: { window?: string; lookback?: number; units?: string }): ProfileSelection => {
  const hasWindow = a.window !== undefined && a.window.trim() !== '';
  if (hasWindow && (a.lookback !== undefined || a.units !== undefined)) {
    throw new ArgumentError([{ path: 'window', message: 'window: give either a window selector or lookback and units, not both' }]);
  }
  if (hasWindow) return { selector: a.window! };
  if (a.lookback === undefined && a.units === undefined) {
    throw new ArgumentError([{ path: 'window', message: 'window: give a window selector (e.g. "1 hour window every 24 hours from 14 days ago excluding weekends"), or lookback and units (e.g. 4 and hours)' }]);
  }
  if (a.lookback === undefined) throw new ArgumentError([{ path: 'lookback', message: 'lookback: units was given without lookback; give both (e.g. lookback 4, units hours)' }]);
  if (a.units === undefined) throw new ArgumentError([{ path: 'units', message: 'units: lookback was given without units; give milliseconds, seconds, minutes, hours or days' }]);
  return { lookback: a.lookback, units: a.units };
};

export default defineCommand({
  name: 'darktrace-get-profile',
  description: 'A seasonal baseline of one entity\'s metric (e.g. a device\'s connections in the same hour on the last ten weekdays) with its statistics and how the latest period compares (z-score). The profile is a stored metric descriptor or darktrace:<metric> for live Darktrace metric data.',
  access: 'read',
  args: {
    profile: arg.string({ description: 'A metric descriptor\'s shortName or id, or darktrace:<metric> for a live Darktrace metric (e.g. darktrace:connections).', required: true, maxLength: 200 }),
    entity: arg.string({ description: 'The entity: the value of the descriptor\'s entity key (its source.entityKey, else its first key); for darktrace:<metric>, the device id (did).', required: true, maxLength: 1024 }),
    window: arg.string({ description: 'Window selector, e.g. "1 hour window every 24 hours from 14 days ago excluding weekends, holidays:us" (SPEC §12; try it with ./bin/darktrace-soar windows). Or give lookback and units.', maxLength: 4000 }),
    lookback: arg.int({ description: 'Fixed lookback (instead of window): every period from lookback × units ago to now.', min: 1 }),
    units: arg.string({ description: 'Units of lookback: milliseconds, seconds, minutes, hours or days.' }),
    groups: arg.list({ description: 'Values of the descriptor\'s other keys, one for each, in the descriptor\'s order (none for darktrace:<metric>).' }),
    value: arg.string({ description: 'Which value: one of the descriptor\'s values (default its first); for darktrace:<metric>, size (default), in or out.' }),
    aggregation: arg.enum(AGGREGATION_FUNCTIONS, { description: 'Aggregation function for a stored descriptor\'s value (default the value\'s own).' }),
    default_value: arg.number({ description: 'Fills periods without data (otherwise they are skipped, as Metron does).' }),
    period_duration: arg.int({ description: 'Period length, in period_units (default 15).', min: 1 }),
    period_units: arg.string({ description: 'Units of period_duration: milliseconds, seconds, minutes (default), hours or days.' }),
    now: arg.string({ description: 'The time the windows count back from: epoch ms or ISO 8601 (default now).', check: instantCheck }),
    timezone: arg.string({ description: 'IANA time zone for day, date and holiday tests (default UTC).', default: 'UTC' }),
  },
  outputs: [
    { contextPath: 'Darktrace.Profile.profile', type: 'String', description: 'The profile: a descriptor\'s shortName (or id) or darktrace:<metric>.' },
    { contextPath: 'Darktrace.Profile.entity', type: 'Unknown', description: 'The entity (a did is a number).' },
    { contextPath: 'Darktrace.Profile.groups', type: 'Unknown', description: 'The group values, in the descriptor\'s key order.' },
    { contextPath: 'Darktrace.Profile.selector', type: 'String', description: 'The window selector, or PROFILE_FIXED <n> <units> for a fixed lookback.' },
    { contextPath: 'Darktrace.Profile.timezone', type: 'String', description: 'The time zone of day, date and holiday tests.' },
    { contextPath: 'Darktrace.Profile.periodMs', type: 'Number', description: 'Period length, ms.' },
    { contextPath: 'Darktrace.Profile.windows', type: 'Unknown', description: 'The windows [{start, end}], epoch ms, oldest first.' },
    { contextPath: 'Darktrace.Profile.periods', type: 'Unknown', description: 'The selected periods [{id, start, end, value}] (value null without data and default).' },
    { contextPath: 'Darktrace.Profile.values', type: 'Unknown', description: 'The profile: values in period order (missing periods skipped or default-filled).' },
    { contextPath: 'Darktrace.Profile.stats.count', type: 'Number', description: 'Number of values.' },
    { contextPath: 'Darktrace.Profile.stats.mean', type: 'Number', description: 'Mean of the values.' },
    { contextPath: 'Darktrace.Profile.stats.stdev', type: 'Number', description: 'Sample standard deviation of the values.' },
    { contextPath: 'Darktrace.Profile.stats.min', type: 'Number', description: 'Smallest value.' },
    { contextPath: 'Darktrace.Profile.stats.max', type: 'Number', description: 'Largest value.' },
    { contextPath: 'Darktrace.Profile.stats.median', type: 'Number', description: 'Median value.' },
    { contextPath: 'Darktrace.Profile.latest.period', type: 'Unknown', description: 'The latest ended period {id, start, end}.' },
    { contextPath: 'Darktrace.Profile.latest.value', type: 'Number', description: 'The latest period\'s value.' },
    { contextPath: 'Darktrace.Profile.latest.zScore', type: 'Number', description: 'How many standard deviations the latest value lies from the baseline mean (null without spread).' },
  ],
  async run(args, ctx) {
    const selection = selectionOf(args);
    const periodMs = args.period_duration === undefined && args.period_units === undefined
      ? DEFAULT_PERIOD_MS
      : durationMs(args.period_duration ?? 15, args.period_units ?? 'minutes', 'period_duration', 'period_units');
    const now = args.now === undefined ? ctx.now().getTime() : parseInstant(args.now)!;
    const plan = planProfile({ selection, now, timezone: args.timezone, periodMs });

    let resolved: ResolvedProfile;
    let read: ProfileValues;
    if (isLiveProfile(args.profile)) {
      const live = resolveLiveProfile(args, periodMs);
      resolved = live;
      // The catalogue (cached per instance) turns an unknown metric into a 400 with the closest names.
      const catalogue = await ctx.metricCatalogues.get(ctx.client, () => metricList(ctx.client, {}));
      read = await readProfile(plan, live.source({ now, catalogue, get: (query) => metricDataFor(ctx.client, query) }), { defaultValue: args.default_value });
    } else {
      const store = await ctx.store.get();
      const access = descriptorCheck(ctx.caller, 'read', 'readFunction');
      try {
        const stored = resolveStoredProfile(args, await store.getDescriptor(args.profile.trim(), access));
        resolved = stored;
        read = await readProfile(plan, stored.source(store, access), { defaultValue: args.default_value });
      } catch (err) {
        throw err instanceof DescriptorNotFoundError ? notFound(err) : err;
      }
    }

    const output = toOutput(resolved, plan, read);
    const calls = resolved.calls(plan.ranges, plan.periodMs, now);
    if (read.stats.count === 0 && !read.latest) {
      return { readableOutput: `### Profile ${resolved.profile} of ${String(resolved.entity)}: no data\n${read.comparison} Read with ${calls}.` };
    }
    return {
      outputsPrefix: 'Darktrace.Profile',
      outputsKeyField: ['profile', 'entity'],
      outputs: output,
      readableOutput: toReadable(output, read.comparison, calls),
    };
  },
});
