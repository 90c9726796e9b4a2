// How a value source cuts a profile's ranges into calls its backend accepts: both the store's aggregation and
// /metricdata refuse more than 10,000 buckets per call, and a profile may select up to 100,000 periods.
import type { PeriodRange } from '../periods.js';

const periodsIn = (r: PeriodRange, periodMs: number) => (r.end - r.start) / periodMs;

/** Each range cut into consecutive pieces of at most `maxPeriods` whole periods (ranges are whole periods). */
export function splitRanges(ranges: readonly PeriodRange[], periodMs: number, maxPeriods: number): PeriodRange[] {
  const step = maxPeriods * periodMs;
  const pieces: PeriodRange[] = [];
  for (const r of ranges) {
    for (let start = r.start; start < r.end; start += step) pieces.push({ start, end: Math.min(r.end, start + step) });
  }
  return pieces;
}

/**
 * The ranges, in time order, packed into groups of at most `maxPeriods` periods in total: each group is filled
 * before the next begins (a range that does not fit is cut where the group is full), so there are
 * ⌈periods ÷ maxPeriods⌉ groups — as few as the limit allows.
 */
export function batchRanges(ranges: readonly PeriodRange[], periodMs: number, maxPeriods: number): PeriodRange[][] {
  const batches: PeriodRange[][] = [];
  let current: PeriodRange[] = [];
  let room = maxPeriods;
  for (const r of ranges) {
    let start = r.start;
    while (start < r.end) {
      const end = Math.min(r.end, start + room * periodMs);
      current.push({ start, end });
      room -= periodsIn({ start, end }, periodMs);
      start = end;
      if (room === 0) {
        batches.push(current);
        current = [];
        room = maxPeriods;
      }
    }
  }
  if (current.length) batches.push(current);
  return batches;
}
