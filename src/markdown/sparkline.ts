// Unicode sparkline for time series in readable output: min → ▁, max → █.
const BARS = '▁▂▃▄▅▆▇█';
const MIDDLE = '▄';

/**
 * One bar per value; when `width` is given and there are more values, each bar is the max of its bucket
 * (so spikes survive downsampling). Non-finite values (gaps) render as spaces.
 */
export function sparkline(values: readonly number[], width?: number): string {
  // One pass to bucket and find the range, one to draw: no intermediate arrays (it runs once per readable graph).
  const n = values.length;
  const w = width !== undefined && n > width ? Math.max(1, Math.floor(width)) : n;
  const series = new Array<number>(w);
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < w; i++) {
    let v = w === n ? values[i] : Number.NaN;
    if (w !== n) {
      const to = Math.floor(((i + 1) * n) / w);
      // The bucket's largest finite value (NaN when it has none).
      for (let j = Math.floor((i * n) / w); j < to; j++) if (Number.isFinite(values[j]) && !(values[j] <= v)) v = values[j];
    }
    series[i] = v;
    if (Number.isFinite(v)) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  let line = '';
  for (const v of series) {
    line += !Number.isFinite(v) ? ' ' : max === min ? MIDDLE : BARS[Math.round(((v - min) / (max - min)) * (BARS.length - 1))];
  }
  return line;
}
