// Public surface of the fetch-incidents engine (SPEC §4). See engine.ts for the design.
export { fetchIncidents, DEFAULT_TUNING } from './engine.js';
export type { FetchOptions, FetchResult, FetchStats, FetchTuning } from './engine.js';
export {
  parseFetchParams,
  parseFirstFetch,
  toMinscore,
  DEFAULT_FETCH_PARAMS,
  FETCH_PARAM_ALIASES,
  MAX_ALERTS_LIMIT,
  MAX_LOOK_BACK_MINUTES,
  FirstFetchError,
} from './params.js';
export type { FetchParams, ParamError, ParseFetchParamsResult } from './params.js';
export { modelBreachSource, modelBreachQuery, MODEL_BREACH_PATH, MODEL_BREACH_QUERY_ORDER } from './source.js';
export type { BreachSource, SlotQuery, ModelBreachClient } from './source.js';
export { breachToIncident, breachSeverity, breachDetails, percentScore, modelName } from './incident.js';
export type { Incident } from './incident.js';
export { decodeLastRun, encodeLastRun, encodeEmitted, decodeEmitted, LAST_RUN_VERSION, TRACKED_IDS_LIMIT, MAX_DECODED_IDS, MAX_EMITTED_CHARS } from './last-run.js';
export type { LastRun, FetchState } from './last-run.js';
export { FetchInputError, FetchUpstreamError } from './errors.js';
