// Time-series helpers any command can reuse: statistics, trend, regular grids with gaps.
export { summarize, type SeriesSummary } from './stats.js';
export { trend, TREND_THRESHOLD, type Trend } from './trend.js';
export { bucketCount, findGaps, floorTo, missingBuckets, toGrid, type Gap, type GridWindow } from './grid.js';
