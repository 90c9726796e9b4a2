// The one calendar check behind every date parser (DTAPI-Date, ISO first_fetch, Advanced Search dates,
// watched-list expiry): Date.UTC silently rolls 2025-02-30 over into March, 24:00 into the next day and
// years 0-99 into the 1900s, so each field is range-checked and read back before the instant is trusted.

/**
 * Epoch milliseconds of the UTC wall-clock time given field by field (month 1-12), or undefined when the
 * fields do not name a real instant (e.g. 2023-02-29, 13th month, 23:60, a fractional field).
 */
export function utcFromFields(
  year: number, month: number, day: number,
  hour = 0, minute = 0, second = 0, millisecond = 0,
): number | undefined {
  const fields = [year, month, day, hour, minute, second, millisecond];
  if (!fields.every(Number.isInteger)) return undefined;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59 || millisecond > 999) return undefined;
  if (hour < 0 || minute < 0 || second < 0 || millisecond < 0) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  const back = new Date(ms);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? ms : undefined;
}

/** `YYYY-MM-DD` text (already matched by the caller's pattern) names a real day. */
export function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number);
  return utcFromFields(year, month, day) !== undefined;
}
