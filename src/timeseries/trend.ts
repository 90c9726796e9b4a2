// Direction of a series: the least-squares line through it, judged by how far it moves over the window
// relative to the series' mean. The SDK documentation's examples compare the first and last rolling averages;
// a fitted line uses every point, so one noisy bucket at either end cannot flip the answer.

export type Trend = 'rising' | 'falling' | 'flat';

/** The fitted line must move by at least this fraction of the mean over the window to count as a trend. */
export const TREND_THRESHOLD = 0.1;

/**
 * 'rising' | 'falling' | 'flat', or null with fewer than two points. A series whose mean is 0 is flat.
 * Times are only used relative to each other, so any unit works; non-finite values are skipped.
 */
export function trend(times: ArrayLike<number>, values: ArrayLike<number>, threshold = TREND_THRESHOLD): Trend | null {
  let n = 0;
  let meanT = 0;
  let meanV = 0;
  let cov = 0;
  let varT = 0;
  let first = Infinity;
  let last = -Infinity;
  const t0 = times.length ? times[0] : 0; // centred, so epoch-ms squares stay exact enough
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const t = times[i] - t0;
    n++;
    const dt = t - meanT;
    meanT += dt / n;
    meanV += (v - meanV) / n;
    cov += dt * (v - meanV);
    varT += dt * (t - meanT);
    if (t < first) first = t;
    if (t > last) last = t;
  }
  if (n < 2 || varT === 0) return n < 2 ? null : 'flat';
  if (meanV === 0) return 'flat';
  const change = (cov / varT) * (last - first);
  const relative = change / Math.abs(meanV);
  if (relative >= threshold) return 'rising';
  if (relative <= -threshold) return 'falling';
  return 'flat';
}
