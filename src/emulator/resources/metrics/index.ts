// The metrics resource of the emulator (README.md): GET /metrics, /metrics/{mlid}, /metricdata. The answers
// are pure functions of the query and a MetricsWorld (responses.ts); routes.ts mounts them.
import { metricsResource } from './routes.js';

export { CATALOGUE, metricByMlid, metricByName, type CatalogueMetric } from './catalogue.js';
export { generateSeries, minuteValue, NETWORK_SCALE, profileOf, type GenerateInput, type MetricProfile, type SeriesPoint } from './generator.js';
export { metricDataResponse, metricsResponse, type BreachTime, type EmulatorAnswer, type MetricsWorld } from './responses.js';
export { metricsResource } from './routes.js';
export { DEFAULT_INTERVAL_SECONDS, DEFAULT_WINDOW_MS, MAX_BUCKETS, validateMetricDataQuery, type MetricDataQuery } from './validate.js';
export { metricsWorld } from './world.js';

export default metricsResource;
