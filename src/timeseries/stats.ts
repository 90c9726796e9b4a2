// Descriptive statistics of one series, in one pass (Welford), so a 100,000-point series costs no copies.

export interface SeriesSummary {
  points: number;
  sum: number;
  /** null when there are no points (so the key set never changes). */
  avg: number | null;
  min: number | null;
  max: number | null;
  /** Population standard deviation. */
  stddev: number | null;
  /** The highest value and when it happened (the first time it was reached), epoch ms. */
  peak: number | null;
  peakTime: number | null;
}

/** Statistics over `values[i]` observed at `times[i]`; non-finite values are skipped as gaps. */
export function summarize(times: ArrayLike<number>, values: ArrayLike<number>): SeriesSummary {
  let points = 0;
  let sum = 0;
  let mean = 0;
  let m2 = 0;
  let min = Infinity;
  let max = -Infinity;
  let peakTime: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    points++;
    sum += v;
    const delta = v - mean;
    mean += delta / points;
    m2 += delta * (v - mean);
    if (v < min) min = v;
    if (v > max) {
      max = v;
      peakTime = times[i];
    }
  }
  if (points === 0) return { points, sum, avg: null, min: null, max: null, stddev: null, peak: null, peakTime: null };
  return { points, sum, avg: mean, min, max, stddev: Math.sqrt(m2 / points), peak: max, peakTime };
}
