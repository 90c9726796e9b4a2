// Public-holiday calendars for `holiday(s)[:country[:state[:region]]]`, from date-holidays.
// Metron (jollyday) compares the CALENDAR DATE of a window start with the holiday's date and has no observed or
// substitute days, so: public holidays only, substitute days dropped, and a holiday is the set of calendar dates
// it covers (several for multi-day holidays). The caller compares them with the window start's date in its zone.
// Unknown countries/states/regions are errors (date-holidays silently answers "no holidays" for them).
import { createRequire } from 'node:module';
import type Holidays from 'date-holidays';
import { closest } from '../registry/index.js';

// date-holidays (its calendars, their time-zone data: megabytes of code) loads when a selector first names a
// holiday calendar, not with the server or every CLI run that merely can run get-profile. A plain require keeps
// it out of the build's eagerly evaluated chunks, as src/cli/invoker.ts does for pino.
const requireHere = createRequire(import.meta.url);
let holidaysClass: typeof Holidays | undefined;
const loadHolidays = (): typeof Holidays => (holidaysClass ??= requireHere('date-holidays') as typeof Holidays);

/** Metron's calendar when `holidays` has no argument: the JVM default locale, en_US on the usual server. */
export const DEFAULT_HOLIDAY_COUNTRY = 'US';

export interface HolidayCalendar {
  country: string;
  state?: string;
  region?: string;
  /** `US`, `US-NY`, `DE-BY-A`. */
  label: string;
}

let catalogueOnce: { catalogue: Holidays; countries: Record<string, string> } | undefined;
/** The calendar of calendars, and the countries by code, made on first use. */
function catalogueOf() {
  if (!catalogueOnce) {
    const catalogue = new (loadHolidays())();
    catalogueOnce = { catalogue, countries: catalogue.getCountries('en') };
  }
  return catalogueOnce;
}

function codes(list: Record<string, string> | undefined): string[] {
  return Object.keys(list ?? {}).sort();
}

/** Which argument is wrong and why (the parser turns it into a positioned error). */
export class HolidayCalendarError extends Error {
  constructor(readonly argumentIndex: number, message: string) {
    super(message);
  }
}

const resolved = new Map<string, HolidayCalendar>();

/** Resolves `["us", "ny"]` to a calendar; every level must exist. */
export function holidayCalendar(path: readonly string[]): HolidayCalendar {
  const key = path.join(':').toLowerCase();
  let calendar = resolved.get(key);
  if (!calendar) {
    calendar = resolve(path);
    if (resolved.size < 1000) resolved.set(key, calendar);
  }
  return calendar;
}

function resolve(path: readonly string[]): HolidayCalendar {
  if (path.length === 0) return { country: DEFAULT_HOLIDAY_COUNTRY, label: DEFAULT_HOLIDAY_COUNTRY };
  const { catalogue, countries } = catalogueOf();
  const [countryArg, stateArg, regionArg] = path;
  const country = countryArg.toUpperCase();
  if (!countries[country]) {
    const byName = Object.entries(countries).find(([, name]) => name.toLowerCase() === countryArg.replaceAll('_', ' ').toLowerCase());
    const hint = byName ? ` Did you mean "${byName[0].toLowerCase()}" (${byName[1]})?` : '';
    throw new HolidayCalendarError(0, `unknown holiday calendar "${countryArg}".${hint} Valid countries: ${codes(countries).join(', ')}`);
  }
  if (stateArg === undefined) return { country, label: country };
  const states = catalogue.getStates(country, 'en');
  const state = stateArg.toUpperCase();
  if (!states || !states[state]) {
    throw new HolidayCalendarError(1, states
      ? `unknown region "${stateArg}" of ${country}.${suggestion(stateArg, states)} Valid regions of ${country}: ${codes(states).join(', ')}`
      : `${country} (${countries[country]}) has no regions; use holidays:${countryArg}`);
  }
  if (regionArg === undefined) return { country, state, label: `${country}-${state}` };
  const regions = catalogue.getRegions(country, state, 'en');
  const region = regionArg.toUpperCase();
  if (!regions || !regions[region]) {
    throw new HolidayCalendarError(2, regions
      ? `unknown region "${regionArg}" of ${country}-${state}.${suggestion(regionArg, regions)} Valid regions of ${country}-${state}: ${codes(regions).join(', ')}`
      : `${country}-${state} (${states[state]}) has no smaller regions; use holidays:${countryArg}:${stateArg}`);
  }
  if (path.length > 3) {
    throw new HolidayCalendarError(3, `${country}-${state}-${region} is the most detailed calendar; remove ":${path.slice(3).join(':')}"`);
  }
  return { country, state, region, label: `${country}-${state}-${region}` };
}

function suggestion(arg: string, list: Record<string, string>): string {
  const byName = Object.entries(list).find(([, name]) => name.toLowerCase() === arg.toLowerCase());
  const code = byName?.[0] ?? closest(arg, Object.keys(list));
  return code ? ` Did you mean "${code}"${list[code] ? ` (${list[code]})` : ''}?` : '';
}

const instances = new Map<string, Holidays>();
const datesByYear = new Map<string, Set<string>>();

/** The calendar dates (`YYYY-MM-DD`) of the public holidays that begin in `year` in this calendar. */
export function holidayDates(calendar: HolidayCalendar, year: number): Set<string> {
  const key = `${calendar.label}|${year}`;
  const cached = datesByYear.get(key);
  if (cached) return cached;
  let instance = instances.get(calendar.label);
  if (!instance) {
    // timezone UTC makes start/end wall-clock times, so a holiday's last date is end − 1 ms read as UTC.
    instance = new (loadHolidays())(calendar.country, calendar.state ?? '', calendar.region ?? '', { types: ['public'], timezone: 'UTC' });
    instances.set(calendar.label, instance);
  }
  const dates = new Set<string>();
  for (const holiday of instance.getHolidays(year)) {
    if (holiday.type !== 'public' || holiday.substitute) continue;
    // `date` names the holiday's (first) day even when it starts the evening before ("2024-04-10 00:00:00 -0600").
    const first = holiday.date.slice(0, 10);
    const last = new Date(holiday.end.getTime() - 1).toISOString().slice(0, 10);
    for (let day = first; day <= last; day = nextDate(day)) dates.add(day);
    dates.add(first);
  }
  datesByYear.set(key, dates);
  return dates;
}

function nextDate(date: string): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** True when `date` (`YYYY-MM-DD`) is a public holiday; a holiday that began late in the previous year counts. */
export function isHoliday(calendar: HolidayCalendar, date: string, year: number): boolean {
  return holidayDates(calendar, year).has(date) || holidayDates(calendar, year - 1).has(date);
}
