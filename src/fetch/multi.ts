// One fetch over several sources (SPEC §9: `fetch_sources`, `max_fetch` the total per fetch, shared fairly).
//
// Sharing: every source first gets an equal share of max_fetch (the remainder, and the whole of it when
// max_fetch < the number of sources, goes to the sources whose cursor is furthest behind, so none starves).
// What a round leaves unused goes, in further rounds, to the sources that filled their share (or had none):
// equal shares again, until max_fetch is used up or no source has more. A round is an ordinary engine fetch
// from the lastRun the previous round produced, so each source's exactly-once argument (engine.ts) holds
// unchanged; the rounds of one fetch are one result, and a failure anywhere fails the whole fetch with no
// lastRun (the caller retries with the old one, which no round has changed).
//
// lastRun: each source's keys are its own (last-run.ts); a fetch replaces the keys of the sources it served
// and keeps every other key, so a source taken out of fetch_sources and put back resumes where it was.
import { isObject } from '../util/json.js';
import { fetchIncidents, layoutOf, type FetchStats, type FetchTuning } from './engine.js';
import { FetchInputError } from './errors.js';
import { decodeSourceState, LAST_RUN_VERSION, type LastRun } from './last-run.js';
import type { EngineParams } from './params.js';
import type { AnyFetchSource, Incident, ItemId } from './source.js';

export interface MultiFetchOptions<O = Incident> {
  sources: readonly AnyFetchSource[];
  /** What each delivered item becomes (default: its source's incident); see FetchOptions.output. */
  output?: (source: AnyFetchSource, item: unknown, id: ItemId, time: number) => O;
  lastRun?: unknown;
  /** The engine's parameters and every chosen source's filters. */
  params: EngineParams & Record<string, unknown>;
  now?: number | Date;
  tuning?: Partial<FetchTuning>;
}

export interface MultiFetchResult<O = Incident> {
  /** Every source's incidents (or outputs), source by source (each in its own (time, id) order). */
  incidents: O[];
  lastRun: LastRun;
  /** Per source name. */
  stats: Record<string, FetchStats>;
}

/** `total` split into equal shares over `n`, the remainder to the first ones. */
export function shares(total: number, n: number): number[] {
  const base = Math.floor(total / n);
  return Array.from({ length: n }, (_, i) => base + (i < total - base * n ? 1 : 0));
}

/** The keys of lastRun a source owns (its prefix; the flat ones, last_fetch included, for prefix ''). */
function owns(source: AnyFetchSource, key: string): boolean {
  if (key === 'version') return false;
  return source.lastRunPrefix === '' ? !key.includes('.') : key.startsWith(source.lastRunPrefix);
}

function addStats(a: FetchStats, b: FetchStats): FetchStats {
  return {
    ...a,
    window: { start: Math.min(a.window.start, b.window.start), end: Math.max(a.window.end, b.window.end) },
    requests: a.requests + b.requests,
    probes: a.probes + b.probes,
    slots: [...a.slots, ...b.slots],
    oversized: a.oversized + b.oversized,
    largestResponse: Math.max(a.largestResponse, b.largestResponse),
    received: a.received + b.received,
    new: a.new + b.new,
    duplicate: a.duplicate + b.duplicate,
    skipped: a.skipped + b.skipped,
    truncated: b.truncated,
  };
}

export async function fetchFromSources<O = Incident>(options: MultiFetchOptions<O>): Promise<MultiFetchResult<O>> {
  const { sources, params } = options;
  if (sources.length === 0) throw new FetchInputError([{ path: 'fetch_sources', message: 'fetch_sources must name at least one source' }]);
  const input = options.lastRun ?? {};
  if (!isObject(input)) throw new FetchInputError([{ path: 'lastRun', message: 'lastRun must be an object ({} on the first fetch)' }]);
  const now = options.now instanceof Date ? options.now.getTime() : (options.now ?? Date.now());

  // Furthest behind first (no state yet counts as furthest): the order remainders are handed out in.
  const order = sources
    .map((source) => ({ source, cursor: decodeSourceState(input, layoutOf(source))?.cursor ?? -Infinity }))
    .sort((x, y) => x.cursor - y.cursor)
    .map((x) => x.source);

  const states = new Map<string, { lastRun: unknown; incidents: O[]; stats?: FetchStats }>(
    sources.map((s) => [s.name, { lastRun: input, incidents: [] }]),
  );
  let left = params.maxAlerts;
  let hungry = order;
  while (left > 0 && hungry.length > 0) {
    const given = shares(left, hungry.length);
    const next: AnyFetchSource[] = [];
    for (const [i, source] of hungry.entries()) {
      const state = states.get(source.name)!;
      if (given[i] === 0) {
        next.push(source); // its turn comes with what this round leaves
        continue;
      }
      const { output: make } = options;
      const output = make ? (item: unknown, id: ItemId, time: number) => make(source, item, id, time) : (item: unknown, id: ItemId) => source.toIncident(item, id) as O;
      const r = await fetchIncidents<unknown, unknown, O>({ source, lastRun: state.lastRun, params: { ...params, maxAlerts: given[i] }, now, tuning: options.tuning, output });
      state.lastRun = r.lastRun;
      state.incidents.push(...r.incidents);
      state.stats = state.stats ? addStats(state.stats, r.stats) : r.stats;
      left -= r.incidents.length;
      if (r.incidents.length >= given[i]) next.push(source); // filled its share: may have more
    }
    // Nobody ran (every share 0) cannot happen: shares of left > 0 give someone ≥ 1. Stop when nobody is hungry
    // or when a round delivered nothing new to the hungry (they all ran dry).
    if (next.length === hungry.length && next.every((s) => states.get(s.name)!.stats === undefined)) break;
    hungry = next;
  }

  const lastRun: LastRun = { ...(input as LastRun) };
  const stats: Record<string, FetchStats> = {};
  const incidents: O[] = [];
  for (const source of sources) {
    const state = states.get(source.name)!;
    if (!state.stats) continue; // never ran (max_fetch used up by the others): its state stays as it was
    for (const key of Object.keys(lastRun)) if (owns(source, key)) delete lastRun[key];
    Object.assign(lastRun, state.lastRun as LastRun);
    stats[source.name] = state.stats;
    incidents.push(...state.incidents);
  }
  lastRun.version = LAST_RUN_VERSION;
  return { incidents, lastRun, stats };
}
