// darktrace-soar windows "<selector>" [--now MS] [--timezone ZONE] [--period 15m] [--json]  (SPEC §12)
// Prints a selector's windows and the profile periods it selects, for trying selectors out. --json is a stable
// interface: {"windows": [[startMs, endMs], …], "periods": [id, …]}, or {"error": "…"} with exit code 1.
import { options, UsageError } from './args.js';
import {
  computeWindows,
  DEFAULT_PERIOD_MS,
  DEFAULT_TIMEZONE,
  parseSelector,
  ProfileInputError,
  windowLookbackPeriods,
  zone,
} from '../profile/index.js';

const PERIOD_UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DAYS = ['', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function periodFlag(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PERIOD_MS;
  const match = /^([1-9][0-9]*)(ms|s|m|h|d)$/.exec(text.trim());
  const ms = match ? Number(match[1]) * PERIOD_UNITS[match[2]] : NaN;
  if (!Number.isSafeInteger(ms)) throw new UsageError(`--period must be a whole number with a unit ms, s, m, h or d, e.g. 15m (got "${text}")`);
  return ms;
}

function nowFlag(text: string | undefined): number {
  if (text === undefined) return Date.now();
  if (!/^[0-9]+$/.test(text.trim())) throw new UsageError(`--now must be epoch milliseconds, e.g. 1514289600000 (got "${text}")`);
  return Number(text);
}

/** 1682984–1682986, 1683080 — runs of consecutive ids. */
function idRuns(ids: number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < ids.length; ) {
    let j = i;
    while (j + 1 < ids.length && ids[j + 1] === ids[j] + 1) j++;
    runs.push(j === i ? String(ids[i]) : `${ids[i]}–${ids[j]}`);
    i = j + 1;
  }
  return runs.join(', ');
}

export async function main(argv: string[]): Promise<number> {
  const json = argv.includes('--json');
  const fail = (message: string): number => {
    if (json) console.log(JSON.stringify({ error: message }));
    else console.error(message);
    return 1;
  };
  let parsed;
  try {
    parsed = options(argv, { now: { type: 'string' }, timezone: { type: 'string' }, period: { type: 'string' }, json: { type: 'boolean' } });
    if (parsed.positionals.length !== 1) {
      throw new UsageError(`windows takes one selector in quotes, e.g. windows "1 hour window every 24 hours from 14 days ago" (got ${parsed.positionals.length} arguments)`);
    }
  } catch (err) {
    if (json && err instanceof UsageError) return fail(err.message);
    throw err;
  }
  const [text] = parsed.positionals;
  try {
    const now = nowFlag(parsed.values.now);
    const periodMs = periodFlag(parsed.values.period);
    const tz = zone(parsed.values.timezone ?? DEFAULT_TIMEZONE, '--timezone');
    const selector = parseSelector(text);
    if (!selector) return fail('the selector is empty; e.g. "1 hour window every 24 hours from 14 days ago"');
    const windows = computeWindows(selector, { now, timezone: tz.name });
    const periods = windowLookbackPeriods(windows, periodMs).map((p) => p.id);
    if (json) {
      console.log(JSON.stringify({ windows: windows.map((w) => [w.start, w.end]), periods }));
      return 0;
    }
    const iso = (ms: number) => new Date(ms).toISOString();
    const lines = [
      `Selector: ${selector.source}`,
      `Now: ${iso(now)} (${now}), time zone ${tz.name}, periods of ${periodMs} ms`,
      `${windows.length} window${windows.length === 1 ? '' : 's'}${windows.length ? ':' : ''}`,
      ...windows.map((w) => {
        const day = tz.localDay(w.start);
        return `  ${iso(w.start)} – ${iso(w.end)}  ${DAYS[day.dayOfWeek]} ${day.date}  [${w.start}, ${w.end}]`;
      }),
      `${periods.length} period${periods.length === 1 ? '' : 's'}${periods.length ? `: ${idRuns(periods)}` : ''}`,
    ];
    console.log(lines.join('\n'));
    return 0;
  } catch (err) {
    if (err instanceof UsageError) return fail(err.message);
    // Selector errors read "at 1:8: …"; other input errors name their flag ("--timezone: …").
    if (err instanceof ProfileInputError) return fail(err.argument === 'window' ? err.reason : err.message);
    throw err;
  }
}
