// Relative times ("3 days", "2 hours ago", "30 min", "1 month"), shared by first_fetch (src/fetch/params.ts) and
// the metric/descriptor time arguments (src/metrics/time.ts). Months and years are calendar arithmetic in UTC.

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

/**
 * `text` (trimmed, lowercase) as a time `now` (ms) minus an amount: undefined when it is not of the relative form,
 * `{unknownUnit}` when its unit is not one we know, else the epoch ms (NaN when a calendar step leaves the range).
 */
export function relativeTime(text: string, now: number): number | { unknownUnit: string } | undefined {
  const rel = RELATIVE.exec(text);
  if (!rel) return undefined;
  const unit = UNIT_ALIASES[rel[2]];
  if (!unit) return { unknownUnit: rel[2] };
  const amount = Number(rel[1]);
  if (unit === 'month' || unit === 'year') {
    const d = new Date(now);
    if (unit === 'month') d.setUTCMonth(d.getUTCMonth() - amount);
    else d.setUTCFullYear(d.getUTCFullYear() - amount);
    return d.getTime();
  }
  return now - amount * UNIT_MS[unit];
}
