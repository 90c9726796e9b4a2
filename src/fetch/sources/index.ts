// The fetch sources and the full list of fetch parameters callers see (`fetch_sources`, the sources' filters,
// then the engine's). A new source adds its module here (INCIDENT_SOURCES) and its filter declarations to
// FETCH_PARAMS; the command args, test-module, integration.yml and the shim follow from the list.
import type { DarktraceApi } from '../../darktrace/resources/endpoint.js';
import { parseParams, type ParseParamsResult } from '../args.js';
import { ENGINE_PARAMS, defaultsOf, type EngineParams, type FetchParamSpec } from '../params.js';
import type { AnyFetchSource } from '../source.js';
import { AI_ANALYST_PARAMS, AI_ANALYST_SOURCE, aiAnalystSource, type AiAnalystFilters } from './ai-analyst.js';
import { MODEL_BREACH_PARAMS, modelBreachSource, type ModelBreachFilters } from './model-breaches.js';
import { RESPOND_SOURCE, respondActionSource } from './respond-actions.js';

/** Every incident source, by its `fetch_sources` name, in the order a fetch serves them. */
export const INCIDENT_SOURCES = Object.freeze({
  'model-breaches': (client: DarktraceApi, _now: () => number): AnyFetchSource => modelBreachSource(client),
  [AI_ANALYST_SOURCE]: (client: DarktraceApi, _now: () => number): AnyFetchSource => aiAnalystSource(client),
  [RESPOND_SOURCE]: (client: DarktraceApi, now: () => number): AnyFetchSource => respondActionSource(client, now),
});
export type IncidentSourceName = keyof typeof INCIDENT_SOURCES;
export const INCIDENT_SOURCE_NAMES = Object.freeze(Object.keys(INCIDENT_SOURCES)) as readonly IncidentSourceName[];

export const FETCH_SOURCES_PARAM: FetchParamSpec = Object.freeze({
  name: 'fetch_sources', key: 'fetchSources', aliases: [], kind: 'choices',
  choices: INCIDENT_SOURCE_NAMES, default: ['model-breaches'],
  description: `Which Darktrace records become incidents: any of ${INCIDENT_SOURCE_NAMES.join(', ')} (max_fetch is shared fairly between them).`,
  integration: {
    display: 'Fetch from', type: 16, required: false,
    additionalinfo: 'Model breaches, AI Analyst incident events, RESPOND actions (pending ones await confirmation). Each is fetched exactly once; max_fetch is the total per fetch.',
  },
});

/** Every fetch parameter, in the order callers see them (command args, integration.yml). */
export const FETCH_PARAMS: readonly FetchParamSpec[] = Object.freeze([FETCH_SOURCES_PARAM, ...MODEL_BREACH_PARAMS, ...AI_ANALYST_PARAMS, ...ENGINE_PARAMS]);

/** The parameters of a fetch: the sources to serve, the engine's, and every source's filters. */
export type FetchParams = EngineParams & ModelBreachFilters & AiAnalystFilters & { fetchSources: readonly string[] };

export type ParseFetchParamsResult = ParseParamsResult<FetchParams>;

export const DEFAULT_FETCH_PARAMS: Readonly<FetchParams> = Object.freeze(defaultsOf(FETCH_PARAMS) as unknown as FetchParams);

/**
 * Validates fetch parameters as XSOAR (strings) or another SOAR (JSON types) sends them; see parseParams.
 * `now` (ms) is what `first_fetch` is checked against.
 */
export function parseFetchParams(raw: unknown, now: number = Date.now()): ParseFetchParamsResult {
  return parseParams<FetchParams>(FETCH_PARAMS, raw, now);
}

/** Events mode (events.ts): the incident sources plus two snapshot sources. */
export const EVENT_SOURCE_NAMES = Object.freeze([...INCIDENT_SOURCE_NAMES, 'status', 'summary-statistics']) as readonly string[];

export const EVENT_SOURCES_PARAM: FetchParamSpec = Object.freeze({
  name: 'event_sources', key: 'eventSources', aliases: [], kind: 'choices',
  choices: EVENT_SOURCE_NAMES, default: EVENT_SOURCE_NAMES,
  description: `Events mode: which Darktrace sources to collect, any of ${EVENT_SOURCE_NAMES.join(', ')} (status and summary-statistics are snapshots).`,
  integration: {
    display: 'Collect events from', type: 16, required: false,
    additionalinfo: 'Model breaches, AI Analyst events and RESPOND actions exactly once each; status and summary statistics as snapshots, at most one per snapshot interval.',
  },
});

export const SNAPSHOT_INTERVAL_PARAM: FetchParamSpec = Object.freeze({
  name: 'snapshot_interval', key: 'snapshotIntervalMinutes', aliases: [], kind: 'int', min: 1, max: 1440, default: 60,
  description: 'Events mode: minutes between two status / summary-statistics snapshots, 1-1440.',
  integration: { display: 'Snapshot interval (minutes) for status and summary statistics events', type: 0, required: false },
});

/** Every events-mode parameter (fetch-events, collect): the event sources, the snapshot interval, the filters, the engine's. */
export const EVENT_PARAMS: readonly FetchParamSpec[] = Object.freeze([
  EVENT_SOURCES_PARAM, SNAPSHOT_INTERVAL_PARAM, ...MODEL_BREACH_PARAMS, ...AI_ANALYST_PARAMS, ...ENGINE_PARAMS,
]);

export type EventParams = EngineParams & ModelBreachFilters & AiAnalystFilters & { eventSources: readonly string[]; snapshotIntervalMinutes: number };

export function parseEventParams(raw: unknown, now: number = Date.now()): ParseParamsResult<EventParams> {
  return parseParams<EventParams>(EVENT_PARAMS, raw, now);
}

/** The sources a fetch serves, in catalogue order (whatever order fetch_sources listed them in). */
export function incidentSources(names: readonly string[], client: DarktraceApi, now: () => number): AnyFetchSource[] {
  return INCIDENT_SOURCE_NAMES.filter((n) => names.includes(n)).map((n) => INCIDENT_SOURCES[n](client, now));
}
