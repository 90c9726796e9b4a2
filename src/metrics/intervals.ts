// Bucket widths. Friendly labels for the user (the darktrace-sdk's interface); integer seconds on the wire,
// which is all the appliance takes (reference §metricdata 2.1, 2.6).

export const INTERVAL_LABELS = {
  '1min': 60,
  '5min': 300,
  '15min': 900,
  '30min': 1800,
  '1hour': 3600,
  '2hour': 7200,
  '6hour': 21_600,
  '12hour': 43_200,
  '1day': 86_400,
  '7day': 604_800,
} as const satisfies Record<string, number>;
export type IntervalLabel = keyof typeof INTERVAL_LABELS;
export const INTERVAL_LABEL_LIST = Object.keys(INTERVAL_LABELS) as IntervalLabel[];

/** The appliance's default bucket (60 s) is also the finest we ask for: its series are per-minute. */
export const MIN_INTERVAL_SECONDS = 60;
/** The longest label; a longer bucket is allowed in seconds. */
export const MAX_INTERVAL_SECONDS = 366 * 86_400;

export interface Interval {
  seconds: number;
  label: string;
}

export type IntervalResult = { ok: true; interval: Interval } | { ok: false; message: string };

const LIST_TEXT = INTERVAL_LABEL_LIST.join(', ');

/** `1min`…`7day` for the labelled widths; otherwise the largest whole unit (`3day`, `90min`, `45s`). */
export function intervalLabel(seconds: number): string {
  const exact = INTERVAL_LABEL_LIST.find((label) => INTERVAL_LABELS[label] === seconds);
  if (exact) return exact;
  if (seconds % 86_400 === 0) return `${seconds / 86_400}day`;
  if (seconds % 3600 === 0) return `${seconds / 3600}hour`;
  if (seconds % 60 === 0) return `${seconds / 60}min`;
  return `${seconds}s`;
}

/** A label (case-insensitive) or whole seconds (a number or digits) → seconds and label. */
export function parseInterval(input: string | number): IntervalResult {
  const text = String(input).trim().toLowerCase();
  let seconds: number;
  if (typeof input === 'number' || /^\d+$/.test(text)) {
    seconds = Number(text);
    if (!Number.isSafeInteger(seconds)) {
      return { ok: false, message: `${JSON.stringify(input)} is not a whole number of seconds; use seconds (e.g. 300) or one of ${LIST_TEXT}` };
    }
  } else if (Object.hasOwn(INTERVAL_LABELS, text)) {
    seconds = INTERVAL_LABELS[text as IntervalLabel];
  } else {
    const shown = JSON.stringify(String(input).length > 40 ? `${String(input).slice(0, 37)}...` : String(input));
    return { ok: false, message: `${shown} is not an interval; use whole seconds (e.g. 300) or one of ${LIST_TEXT}` };
  }
  if (seconds < MIN_INTERVAL_SECONDS) {
    return { ok: false, message: `${seconds} seconds is shorter than the appliance's ${MIN_INTERVAL_SECONDS}-second buckets; use ${MIN_INTERVAL_SECONDS} (1min) or more` };
  }
  if (seconds > MAX_INTERVAL_SECONDS) {
    return { ok: false, message: `${seconds} seconds is longer than ${MAX_INTERVAL_SECONDS} (366 days)` };
  }
  return { ok: true, interval: { seconds, label: intervalLabel(seconds) } };
}
