// Events (SIEM collector) mode, SPEC §9: `fetch-events` over five sources. The three incident sources are
// walked by the same engine, exactly once each, with max_fetch shared fairly (multi.ts) — only what is
// delivered differs: the Darktrace record itself as an event instead of an XSOAR incident. `status` and
// `summary-statistics` are snapshots: one GET each when due (never more often than snapshot_interval), their
// last time kept in lastRun (`status.time`, `summary-statistics.time`, epoch ms strings).
//
// Every event is `{source, _time, …the Darktrace record}`: `_time` is ISO 8601 UTC with milliseconds — the
// record's creation time for the incident sources (createdAt, creationTime, start), the fetch's time for
// snapshots. A record's own `source` or `_time` field, if it ever had one, gives way to these.
// Status is flattened as the Devo Darktrace collector does: one event for the appliance, one per probe and
// one per Unified View instance (and per probe of an instance), each with `instance_info` saying which.
import { statusReport } from '../darktrace/resources/status.js';
import { summaryStatistics } from '../darktrace/resources/summarystatistics.js';
import type { DarktraceApi } from '../darktrace/resources/endpoint.js';
import { isObject } from '../util/json.js';
import type { FetchStats, FetchTuning } from './engine.js';
import { FetchInputError, FetchUpstreamError } from './errors.js';
import type { LastRun } from './last-run.js';
import { fetchFromSources } from './multi.js';
import type { AnyFetchSource, ItemId } from './source.js';
import { INCIDENT_SOURCE_NAMES, incidentSources, type EventParams } from './sources/index.js';

export type DarktraceEvent = { source: string; _time: string } & Record<string, unknown>;

export const SNAPSHOT_SOURCE_NAMES = Object.freeze(['status', 'summary-statistics'] as const);
export type SnapshotSourceName = (typeof SNAPSHOT_SOURCE_NAMES)[number];

/** A snapshot source's stats: whether it was due, and the one request it then made. */
export interface SnapshotStats {
  source: SnapshotSourceName;
  kind: 'snapshot';
  /** Taken this fetch (false: the last one is younger than snapshot_interval). */
  due: boolean;
  requests: number;
  new: number;
  duplicate: 0;
  slots: [];
  truncated: false;
  /** When the next one is due (epoch ms). */
  next: number;
}

export interface FetchEventsResult {
  events: DarktraceEvent[];
  lastRun: LastRun;
  stats: Record<string, FetchStats | SnapshotStats>;
}

type Obj = Record<string, unknown>;

function event(source: string, time: number, record: Obj, extra: Obj = {}): DarktraceEvent {
  const { source: _s, _time: _t, ...rest } = record;
  return { source, _time: new Date(time).toISOString(), ...extra, ...rest };
}

const entries = (v: unknown): Array<[string, Obj]> => (isObject(v) ? Object.entries(v).filter((e): e is [string, Obj] => isObject(e[1])) : []);

/** /status as events: the appliance, each probe, each UV instance and its probes, with `instance_info`. */
export function statusEvents(status: Obj, time: number): DarktraceEvent[] {
  const { instances, probes, ...appliance } = status;
  const label = typeof appliance.label === 'string' ? appliance.label : null;
  const out = [event('status', time, appliance, { instance_info: { type: 'appliance', id: null, label, parent: null } })];
  const probeEvents = (map: unknown, parent: string | null) => {
    for (const [id, p] of entries(map)) out.push(event('status', time, p, { instance_info: { type: 'probe', id, label: p.label ?? null, parent } }));
  };
  probeEvents(probes, null);
  for (const [id, inst] of entries(instances)) {
    const { probes: own, ...rest } = inst;
    out.push(event('status', time, rest, { instance_info: { type: 'instance', id, label: rest.label ?? null, parent: null } }));
    probeEvents(own, id);
  }
  return out;
}

async function snapshot(name: SnapshotSourceName, client: DarktraceApi, time: number): Promise<DarktraceEvent[]> {
  if (name === 'status') {
    const status: unknown = await statusReport(client, {});
    if (!isObject(status)) throw new FetchUpstreamError('the status source returned something other than an object', statusReport.path);
    return statusEvents(status, time);
  }
  const stats: unknown = await summaryStatistics(client, {});
  if (!isObject(stats)) throw new FetchUpstreamError('the summary-statistics source returned something other than an object', summaryStatistics.path);
  return [event('summary-statistics', time, stats)];
}

export interface FetchEventsOptions {
  client: DarktraceApi;
  lastRun?: unknown;
  params: EventParams;
  now?: number | Date;
  tuning?: Partial<FetchTuning>;
}

function lastSnapshot(lastRun: Obj, name: string): number | undefined {
  const key = `${name}.time`;
  const v = lastRun[key];
  if (v === undefined || v === null || v === '') return undefined;
  const text = String(v).trim();
  if (!/^\d{1,16}$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new FetchInputError([{ path: `lastRun.${key}`, message: `lastRun.${key} must be epoch milliseconds as a string of digits (got ${JSON.stringify(v)})` }]);
  }
  return Number(text);
}

/** One events fetch. Throws (no lastRun) when any source fails; see the file header. */
export async function fetchEvents(options: FetchEventsOptions): Promise<FetchEventsResult> {
  const { client, params } = options;
  const now = options.now instanceof Date ? options.now.getTime() : Math.floor(options.now ?? Date.now());
  const input = options.lastRun ?? {};
  if (!isObject(input)) throw new FetchInputError([{ path: 'lastRun', message: 'lastRun must be an object ({} on the first fetch)' }]);
  const chosen = params.eventSources;
  const snapshots = SNAPSHOT_SOURCE_NAMES.filter((n) => chosen.includes(n));
  const due = snapshots.map((name) => ({ name, last: lastSnapshot(input, name) }));

  const events: DarktraceEvent[] = [];
  let lastRun: LastRun = { ...(input as LastRun) };
  const stats: Record<string, FetchStats | SnapshotStats> = {};
  const sources = incidentSources(chosen.filter((n) => (INCIDENT_SOURCE_NAMES as readonly string[]).includes(n)), client, () => now);
  if (sources.length > 0) {
    const r = await fetchFromSources<DarktraceEvent>({
      sources, lastRun: input, params: params as unknown as EventParams & Record<string, unknown>, now, tuning: options.tuning,
      output: (source: AnyFetchSource, item: unknown, _id: ItemId, time: number) => event(source.name, time, item as Obj),
    });
    events.push(...r.incidents);
    lastRun = r.lastRun;
    Object.assign(stats, r.stats);
  }
  const interval = params.snapshotIntervalMinutes * 60_000;
  for (const { name, last } of due) {
    const isDue = last === undefined || now - last >= interval || last > now; // a time ahead of us: our clock moved back
    if (isDue) {
      const taken = await snapshot(name, client, now);
      events.push(...taken);
      lastRun[`${name}.time`] = String(now);
      stats[name] = { source: name, kind: 'snapshot', due: true, requests: 1, new: taken.length, duplicate: 0, slots: [], truncated: false, next: now + interval };
    } else {
      stats[name] = { source: name, kind: 'snapshot', due: false, requests: 0, new: 0, duplicate: 0, slots: [], truncated: false, next: last! + interval };
    }
  }
  lastRun.version ??= '1';
  return { events, lastRun, stats };
}
