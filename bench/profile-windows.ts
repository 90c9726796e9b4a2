// Parses 10,000 window selectors and computes their windows and 15-minute periods; measures time and memory.
//
//   npx tsx bench/profile-windows.ts                                  # prints a markdown table
//   npx tsx bench/profile-windows.ts --write docs/bench-profile.md    # and writes its section of that file
//   npx tsx bench/profile-windows.ts --count 50000 --runs 5
//
// The selectors come from a seeded generator shaped like baselines people ask for (mostly "<width> every 24 hours
// from N days ago" with day filters; all three forms; 0–3 inclusions and exclusions among days, weekday/weekend,
// this day of the week, dates and holidays of five calendars; ranges up to 90 days), evaluated at one fixed
// `now` in UTC and in three other zones. Each phase is timed over `--runs` passes
// (the first, cold pass also builds the holiday calendars and Intl formatters; the table shows cold and the
// median warm pass). Heap = V8 heapUsed after a forced GC (run with --expose-gc for exact figures; tsx passes
// node options through NODE_OPTIONS).
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { mulberry32 } from '../src/emulator/prng.js';
import { writeSection } from './sections.js';
import { computeWindows, parseSelector, windowLookbackPeriods, type Selector } from '../src/profile/index.js';

const { values } = parseArgs({ options: { write: { type: 'string' }, count: { type: 'string' }, runs: { type: 'string' } } });
const COUNT = Number(values.count ?? 10_000);
const RUNS = Number(values.runs ?? 5);
const NOW = Date.UTC(2024, 2, 12, 14, 37, 21, 500);
const PERIOD_MS = 15 * 60_000;
const ZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo'];
const MB = 1024 * 1024;

function selectors(count: number): string[] {
  const rnd = mulberry32(15);
  const pick = <T,>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const specifiers = [
    'mondays', 'tuesday', 'wednesdays', 'thursday', 'fridays', 'saturday', 'sundays', 'weekdays', 'weekends',
    'this day of the week', 'current day of week', 'holidays:us', 'holidays:us:ny', 'holidays:gb:eng', 'holidays:de:by', 'holidays:fr',
    'date:2024/02/29', 'date:20231225:yyyyMMdd', 'date:2024-01-01:yyyy-MM-dd',
  ];
  const list = () => Array.from({ length: int(1, 3) }, () => pick(specifiers)).join(', ');
  const filters = () => {
    const parts: string[] = [];
    if (rnd() < 0.5) parts.push(`${pick(['including', 'includes', 'INCLUDE'])} ${list()}`);
    if (rnd() < 0.6) parts.push(`${pick(['excluding', 'excludes', 'EXCLUDE'])} ${list()}`);
    return parts.join(' ');
  };
  const out: string[] = [];
  // Shaped like baselines people ask for: mostly "<width> every 24 hours from N days ago" with day filters.
  for (let i = 0; i < count; i++) {
    const form = rnd();
    if (form < 0.15) {
      out.push(`${pick(['1 hour', '4 hours', '24 hours', '30 minutes', '2 HOUR(S)'])} ${filters()}`.trim());
    } else if (form < 0.3) {
      out.push(pick([
        `from ${int(1, 72)} hours ago`,
        `starting from ${int(1, 14)} days ago until ${int(1, 24)} hours ago`,
        `from ${int(30, 600)} minutes ago to ${int(1, 29)} minutes ago`,
      ]));
    } else {
      const width = pick(['15 minute', '30 minutes', '1 hour', '1 hour', '2 hours']);
      const [every, days] = pick([
        ['every 24 hours', [7, 14, 28, 56, 90]], ['every 24 hours', [14, 28]], ['every 1 day', [14, 30, 60]],
        ['for every 12 hours', [7, 14]], ['every 7 days', [28, 56, 90]], ['every 6 hours', [3, 7]], ['every 1 hour', [1, 2]],
      ] as const);
      out.push(`${width} ${pick(['window', 'windows', ''])} ${every} from ${pick(days)} days ago ${filters()}`.replace(/ +/g, ' ').trim());
    }
  }
  return out;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const texts = selectors(COUNT);
gc();
const heapStart = process.memoryUsage().heapUsed;
const parseMs: number[] = [];
const windowMs: number[] = [];
const periodMs: number[] = [];
let parsed: Selector[] = [];
let windowCount = 0;
let periodCount = 0;
let heapHeld = 0;
for (let run = 0; run < RUNS; run++) {
  let t = performance.now();
  parsed = texts.map((text) => parseSelector(text)!);
  parseMs.push(performance.now() - t);
  t = performance.now();
  const windows = parsed.map((s, i) => computeWindows(s, { now: NOW, timezone: ZONES[i % ZONES.length] }));
  windowMs.push(performance.now() - t);
  t = performance.now();
  const periods = windows.map((w) => windowLookbackPeriods(w, PERIOD_MS));
  periodMs.push(performance.now() - t);
  windowCount = windows.reduce((n, w) => n + w.length, 0);
  periodCount = periods.reduce((n, p) => n + p.length, 0);
  if (run === RUNS - 1) {
    gc();
    heapHeld = process.memoryUsage().heapUsed - heapStart;
  }
}
const rssMb = process.resourceUsage().maxRSS / 1024;
const row = (name: string, ms: number[], per: string) =>
  `| ${name} | ${ms[0].toFixed(0)} | ${median(ms.slice(1).length ? ms.slice(1) : ms).toFixed(0)} | ${((median(ms.slice(1).length ? ms.slice(1) : ms) * 1000) / COUNT).toFixed(1)} | ${per} |`;
const forcedGc = typeof (globalThis as { gc?: unknown }).gc === 'function';
const report = `# Profile window benchmark

Generated by \`npx tsx bench/profile-windows.ts${values.write ? ` --write ${values.write}` : ''}\` (Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}).
${COUNT.toLocaleString('en-US')} generated selectors (seeded, shaped like real baselines: 70 % "<width> every 24 hours / 12 hours /
7 days / … from 7–90 days ago", 15 % dense ranges, 15 % plain widths; 0–3 inclusions and exclusions among days,
weekday/weekend, this day of the week, dates and holidays of five calendars), evaluated at one fixed \`now\`
in UTC, America/New_York, Europe/Berlin and Asia/Tokyo in turn, with 15-minute periods. ${RUNS} passes: *cold* is the
first (it also builds the holiday calendars and Intl formatters), *warm* the median of the others. Load average
when it ran: ${loadavg().map((l) => l.toFixed(1)).join(' / ')} (a shared machine: the figures are upper bounds).

| phase | cold ms | warm ms | warm µs / selector | output |
|---|---:|---:|---:|---|
${row('parse', parseMs, `${parsed.length.toLocaleString('en-US')} selectors`)}
${row('windows', windowMs, `${windowCount.toLocaleString('en-US')} windows`)}
${row('periods (window lookback)', periodMs, `${periodCount.toLocaleString('en-US')} periods`)}
${row('total', parseMs.map((p, i) => p + windowMs[i] + periodMs[i]), '')}

Memory: ${(heapHeld / MB).toFixed(1)} MB of heap held by the selectors, windows and periods of one pass${forcedGc ? ' (after a forced GC)' : ' (no --expose-gc: includes garbage)'} —
about ${((heapHeld / periodCount)).toFixed(0)} bytes per selected period (windows and selectors included), so one 90-day profile of 8,640 periods holds about ${((heapHeld / periodCount) * 8640 / MB).toFixed(1)} MB.
Process peak RSS ${rssMb.toFixed(0)} MB over the ${RUNS} passes (date-holidays' data and the TypeScript loader alone are about 66 MB; the rest is
earlier passes' garbage not yet collected).
`;
console.log(report);
if (values.write) writeSection(values.write, 'profile-windows', report);
