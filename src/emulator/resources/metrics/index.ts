// The metrics resource of the emulator: GET /metrics, /metrics/{mlid} and /metricdata as pure functions.
// Wiring (permission `Visualizer`, like the other read endpoints):
//   const world = metricsWorld(state);
//   GET /metrics            → metricsResponse(undefined, world)   (then `responsedata` like other GETs)
//   GET /metrics/:mlid      → metricsResponse(req.params.mlid, world)
//   GET /metricdata         → metricDataResponse(new URLSearchParams(ctx.rawQuery ?? ''), world)
export { CATALOGUE, metricByMlid, metricByName, type CatalogueMetric } from './catalogue.js';
export { generateSeries, minuteValue, profileOf, NETWORK_SCALE, type GenerateInput, type MetricProfile, type SeriesPoint } from './generator.js';
export { metricDataResponse, metricsResponse, type BreachTime, type EmulatorAnswer, type MetricsWorld } from './responses.js';
export { DEFAULT_INTERVAL_SECONDS, DEFAULT_WINDOW_MS, MAX_BUCKETS, validateMetricDataQuery, type MetricDataQuery } from './validate.js';
export { metricsWorld } from './world.js';
