// Summary statistics of a profile's values and the z-score of one value against them.

export interface Stats {
  count: number;
  /** null when there are no values. */
  mean: number | null;
  /** Sample standard deviation (n − 1, like Metron's STATS_SD); null with fewer than two values. */
  stdev: number | null;
  min: number | null;
  max: number | null;
  /** The middle value, or the mean of the two middle values. */
  median: number | null;
}

export function summarize(values: readonly number[]): Stats {
  const count = values.length;
  if (count === 0) return { count, mean: null, stdev: null, min: null, max: null, median: null };
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mean = sum / count;
  let squares = 0;
  for (const v of values) squares += (v - mean) ** 2;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(count / 2);
  const median = count % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { count, mean, stdev: count > 1 ? Math.sqrt(squares / (count - 1)) : null, min, max, median };
}

/** (value − mean) / stdev; null when the baseline has no spread (or too few values) to measure against. */
export function zScore(value: number, stats: Stats): number | null {
  if (stats.mean === null || stats.stdev === null || stats.stdev === 0) return null;
  return (value - stats.mean) / stats.stdev;
}
