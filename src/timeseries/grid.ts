// Regular time grids: buckets floored to the interval, missing buckets found and shown as gaps, optional
// zero-fill. The grid of a window [start, end) is every bucket start b = k·step with floor(start) ≤ b < end —
// the buckets a bucketed time-series API answers for that window (its first bucket may begin before `start`).

export interface GridWindow {
  /** Window start, epoch ms (floored to the step). */
  start: number;
  /** Window end, epoch ms, exclusive. */
  end: number;
  /** Bucket width, ms. */
  stepMs: number;
}

export interface Gap {
  /** Start of the first missing bucket, epoch ms. */
  start: number;
  /** End of the last missing bucket (exclusive), epoch ms. */
  end: number;
  /** Number of missing buckets. */
  buckets: number;
}

export const floorTo = (t: number, stepMs: number): number => Math.floor(t / stepMs) * stepMs;

/** Number of buckets in the window's grid (0 for an empty window). */
export function bucketCount(w: GridWindow): number {
  if (w.end <= w.start) return 0;
  return Math.ceil((w.end - floorTo(w.start, w.stepMs)) / w.stepMs);
}

/** Index of the grid bucket holding `t`, or -1 outside the grid. */
function slotOf(t: number, first: number, w: GridWindow, count: number): number {
  if (!Number.isFinite(t)) return -1;
  const slot = Math.floor((t - first) / w.stepMs);
  return slot >= 0 && slot < count ? slot : -1;
}

/**
 * Values laid on the grid: `NaN` where a bucket has no (finite) value, so a sparkline shows the gap.
 * Several values in one bucket keep the largest. Values outside the window are ignored.
 */
export function toGrid(times: ArrayLike<number>, values: ArrayLike<number>, w: GridWindow): Float64Array {
  const first = floorTo(w.start, w.stepMs);
  const count = bucketCount(w);
  const grid = new Float64Array(count).fill(Number.NaN);
  for (let i = 0; i < times.length; i++) {
    const slot = slotOf(times[i], first, w, count);
    const v = values[i];
    if (slot < 0 || !Number.isFinite(v)) continue;
    if (!(grid[slot] >= v)) grid[slot] = v; // NaN compares false: the first value fills it
  }
  return grid;
}

/** Runs of missing buckets, in time order. */
export function findGaps(times: ArrayLike<number>, w: GridWindow): Gap[] {
  const first = floorTo(w.start, w.stepMs);
  const count = bucketCount(w);
  const present = new Uint8Array(count);
  for (let i = 0; i < times.length; i++) {
    const slot = slotOf(times[i], first, w, count);
    if (slot >= 0) present[slot] = 1;
  }
  const gaps: Gap[] = [];
  for (let i = 0; i < count; i++) {
    if (present[i]) continue;
    let j = i;
    while (j + 1 < count && !present[j + 1]) j++;
    gaps.push({ start: first + i * w.stepMs, end: first + (j + 1) * w.stepMs, buckets: j - i + 1 });
    i = j;
  }
  return gaps;
}

/** Start times of the grid's missing buckets (for zero-filling), in order. */
export function missingBuckets(times: ArrayLike<number>, w: GridWindow): number[] {
  const out: number[] = [];
  for (const gap of findGaps(times, w)) for (let t = gap.start; t < gap.end; t += w.stepMs) out.push(t);
  return out;
}
