// Profiles (SPEC §12): the window-selector language, period arithmetic and the profile computation.
export { ProfileInputError, SelectorError, type SourcePosition } from './errors.js';
export { tokenize, type Token, type TokenKind, type TimeUnit, type DayName, type SpecifierName } from './lexer.js';
export { parseSelector, intervalText, type Selector, type Specifier, type Interval } from './parser.js';
export { computeWindows, selectorBounds, checkNow, MAX_WINDOWS, type TimeRange, type WindowOptions } from './windows.js';
export {
  DEFAULT_PERIOD_MS,
  DURATION_UNITS,
  MAX_PERIODS,
  durationMs,
  durationUnit,
  fixedLookbackPeriods,
  periodById,
  periodId,
  periodRanges,
  windowLookbackPeriods,
  type DurationUnit,
  type PeriodRange,
  type ProfilePeriod,
} from './periods.js';
export { summarize, zScore, type Stats } from './stats.js';
export { checkGroups, type GroupValue } from './groups.js';
export { holidayCalendar, holidayDates, isHoliday, DEFAULT_HOLIDAY_COUNTRY, type HolidayCalendar } from './holidays.js';
export { zone, DEFAULT_TIMEZONE, type LocalDay, type Zone } from './zone.js';
export {
  planProfile,
  readProfile,
  describeBaseline,
  formatNumber,
  type ProfilePlan,
  type ProfileRequest,
  type ProfileSelection,
  type ProfileValues,
  type ValueSource,
} from './profile.js';
