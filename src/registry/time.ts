// Epoch milliseconds → the ISO string XSOAR's timestamp_to_datestring(ms) writes (soar-conventions §3.2):
// UTC, whole seconds, milliseconds always written as `.000`.

/** `1700000000123` → `2023-11-14T22:13:20.000Z`; undefined for null/undefined/non-numeric input. */
export function msToIso(ms: unknown): string | undefined {
  const value = typeof ms === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(ms) ? Number(ms) : ms;
  if (typeof value !== 'number' || !Number.isFinite(value)) return undefined;
  const date = new Date(Math.floor(value / 1000) * 1000);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // Years outside 0000–9999 come out as ±YYYYYY; not the format we promise.
  return /^\d{4}-/.test(iso) ? `${iso.slice(0, 19)}.000Z` : undefined;
}
