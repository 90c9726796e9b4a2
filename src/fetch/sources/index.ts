// The fetch sources and the full list of fetch parameters callers see (the sources' filters, then the engine's).
// A new source adds its module here and its filter declarations to FETCH_PARAMS; the command args, test-module,
// integration.yml and the shim follow from the list.
import { parseParams, type ParseParamsResult } from '../args.js';
import { ENGINE_PARAMS, defaultsOf, type EngineParams, type FetchParamSpec } from '../params.js';
import { MODEL_BREACH_PARAMS, type ModelBreachFilters } from './model-breaches.js';

/** Every fetch parameter, in the order callers see them (command args, integration.yml). */
export const FETCH_PARAMS: readonly FetchParamSpec[] = Object.freeze([...MODEL_BREACH_PARAMS, ...ENGINE_PARAMS]);

/** The parameters of a fetch: the engine's plus every source's filters. */
export type FetchParams = EngineParams & ModelBreachFilters;

export type ParseFetchParamsResult = ParseParamsResult<FetchParams>;

export const DEFAULT_FETCH_PARAMS: Readonly<FetchParams> = Object.freeze(defaultsOf(FETCH_PARAMS) as unknown as FetchParams);

/**
 * Validates fetch parameters as XSOAR (strings) or another SOAR (JSON types) sends them; see parseParams.
 * `now` (ms) is what `first_fetch` is checked against.
 */
export function parseFetchParams(raw: unknown, now: number = Date.now()): ParseFetchParamsResult {
  return parseParams<FetchParams>(FETCH_PARAMS, raw, now);
}
