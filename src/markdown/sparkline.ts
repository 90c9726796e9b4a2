// Unicode sparkline for time series in readable output: min → ▁, max → █.
const BARS = '▁▂▃▄▅▆▇█';
const MIDDLE = '▄';

/**
 * One bar per value; when `width` is given and there are more values, each bar is the max of its bucket
 * (so spikes survive downsampling). Non-finite values (gaps) render as spaces.
 */
export function sparkline(values: readonly number[], width?: number): string {
  let series = [...values];
  if (width !== undefined && series.length > width) {
    const w = Math.max(1, Math.floor(width));
    series = Array.from({ length: w }, (_, i) => {
      const bucket = values
        .slice(Math.floor((i * values.length) / w), Math.floor(((i + 1) * values.length) / w))
        .filter(Number.isFinite);
      return bucket.length ? Math.max(...bucket) : NaN;
    });
  }
  const finite = series.filter(Number.isFinite);
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return series
    .map((v) => {
      if (!Number.isFinite(v)) return ' ';
      if (max === min) return MIDDLE;
      return BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))];
    })
    .join('');
}
