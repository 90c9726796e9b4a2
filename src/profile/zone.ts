// Calendar day and day of week of an instant in an explicit IANA time zone, through Intl (no hand-written DST
// rules). Metron used the JVM's default zone; here the zone is a parameter, UTC unless the caller says otherwise.
import { closest } from '../registry/index.js';
import { ProfileInputError } from './errors.js';

export const DEFAULT_TIMEZONE = 'UTC';

export interface LocalDay {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  year: number;
  /** ISO day of week: 1 = Monday … 7 = Sunday. */
  dayOfWeek: number;
}

export interface Zone {
  /** The canonical name (`utc` → `UTC`). */
  name: string;
  localDay(epochMs: number): LocalDay;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };
const EN_US_DAY = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2})\/([0-9]{2})\/([0-9]+)$/;
const zones = new Map<string, Zone>();

function utcDay(epochMs: number): LocalDay {
  const d = new Date(epochMs);
  const year = d.getUTCFullYear();
  const date = `${String(year).padStart(4, '0')}-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
  return { date, year, dayOfWeek: d.getUTCDay() === 0 ? 7 : d.getUTCDay() };
}

/** The zone for an IANA name (case-insensitive, as Intl allows); an unknown name is a `timezone` error. */
export function zone(name: string = DEFAULT_TIMEZONE, argument = 'timezone'): Zone {
  const cached = zones.get(name);
  if (cached) return cached;
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', { timeZone: name, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short' });
  } catch {
    const suggestion = closest(name, Intl.supportedValuesOf('timeZone'));
    throw new ProfileInputError(
      argument,
      `unknown time zone "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''} Use an IANA name such as "UTC", "Europe/London" or "America/New_York".`,
    );
  }
  const canonical = format.resolvedOptions().timeZone;
  const viaParts = (epochMs: number): LocalDay => {
    const parts: Record<string, string> = {};
    for (const p of format.formatToParts(epochMs)) parts[p.type] = p.value;
    return { date: `${parts.year.padStart(4, '0')}-${parts.month}-${parts.day}`, year: Number(parts.year), dayOfWeek: WEEKDAYS[parts.weekday] };
  };
  // format() is about three times faster than formatToParts(); its en-US shape ("Tue, 03/12/2024") is checked
  // against formatToParts once, and any instant it does not fit falls back to the parts.
  const viaText = (epochMs: number): LocalDay => {
    const m = EN_US_DAY.exec(format.format(epochMs));
    if (!m) return viaParts(epochMs);
    return { date: `${m[4].padStart(4, '0')}-${m[2]}-${m[3]}`, year: Number(m[4]), dayOfWeek: WEEKDAYS[m[1]] };
  };
  const probe = Date.UTC(2024, 2, 12, 14, 37);
  const textWorks = JSON.stringify(viaText(probe)) === JSON.stringify(viaParts(probe)) && EN_US_DAY.test(format.format(probe));
  const result: Zone = { name: canonical, localDay: canonical === 'UTC' ? utcDay : textWorks ? viaText : viaParts };
  zones.set(name, result);
  return result;
}
