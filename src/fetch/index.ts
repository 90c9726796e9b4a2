// Public surface of the fetch engine (SPEC §4, §9). See engine.ts for the design, source.ts for what a source
// provides, params.ts for how fetch parameters are declared.
export { fetchIncidents, layoutOf, DEFAULT_TUNING } from './engine.js';
export type { FetchOptions, FetchResult, FetchStats, FetchTuning, SlotReport } from './engine.js';
export type { AnyFetchSource, FetchSource, IdKind, Incident, ItemId, ItemKey, Slot } from './source.js';
export {
  checkParamValues,
  defaultsOf,
  parseFirstFetch,
  ENGINE_PARAMS,
  DEFAULT_FIRST_FETCH,
  MAX_ALERTS_LIMIT,
  MAX_LOOK_BACK_MINUTES,
  FirstFetchError,
} from './params.js';
export type { ChoiceListParamSpec, EngineParams, FetchParamSpec, NumericParamSpec, TimeParamSpec, ParamError } from './params.js';
export { fetchArgs, fetchCheckArgs, fetchParamArg, parseParams } from './args.js';
export type { ParseParamsResult } from './args.js';
export {
  EVENT_PARAMS, EVENT_SOURCES_PARAM, EVENT_SOURCE_NAMES, SNAPSHOT_INTERVAL_PARAM, parseEventParams, FETCH_PARAMS, FETCH_SOURCES_PARAM, DEFAULT_FETCH_PARAMS, INCIDENT_SOURCES, INCIDENT_SOURCE_NAMES, incidentSources, parseFetchParams,
} from './sources/index.js';
export type { EventParams, FetchParams, IncidentSourceName, ParseFetchParamsResult } from './sources/index.js';
export { fetchFromSources, shares } from './multi.js';
export type { MultiFetchOptions, MultiFetchResult } from './multi.js';
export * from './sources/ai-analyst.js';
export * from './sources/respond-actions.js';
export {
  modelBreachSource,
  modelBreachKey,
  toMinscore,
  MODEL_BREACH_PARAMS,
  MODEL_BREACH_PATH,
} from './sources/model-breaches.js';
export type { ModelBreach, ModelBreachClient, ModelBreachFilters, SlotQuery } from './sources/model-breaches.js';
export { MODEL_BREACH_INCIDENT_TYPE, breachToIncident, breachSeverity, breachDetails, percentScore, modelName } from './sources/model-breach-incident.js';
export {
  decodeLastRun,
  encodeLastRun,
  decodeSourceState,
  encodeSourceState,
  encodeEmitted,
  decodeEmitted,
  compareIds,
  isValidId,
  LAST_RUN_VERSION,
  MAX_DECODED_IDS,
  MAX_EMITTED_CHARS,
  MAX_STRING_ID_LENGTH,
  TRACKED_IDS_LIMIT,
  MODEL_BREACH_LAYOUT,
} from './last-run.js';
export type { LastRun, FetchState, StateLayout } from './last-run.js';
export { FetchInputError, FetchUpstreamError } from './errors.js';
export { fetchEvents, statusEvents, SNAPSHOT_SOURCE_NAMES } from './events.js';
export type { DarktraceEvent, FetchEventsOptions, FetchEventsResult, SnapshotStats, SnapshotSourceName } from './events.js';
