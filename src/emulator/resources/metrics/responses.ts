// The /metrics and /metricdata answers as pure functions of the request and a narrow view of the emulator's
// state (MetricsWorld), so a route is one line: `const { status, body } = metricDataResponse(params, world)`.
import type { Json } from '../../types.js';
import { CATALOGUE, type CatalogueMetric } from './catalogue.js';
import { generateSeries } from './generator.js';
import { validateMetricDataQuery } from './validate.js';

/** One `breachtimes` marker as the appliance sends it: score 0-1, time epoch ms, `::` model names. */
export interface BreachTime {
  pid: number;
  pbid: number;
  score: number;
  name: string;
  time: number;
}

/** What the metric resource needs from the rest of the emulator. */
export interface MetricsWorld {
  seed: number;
  now(): number;
  /** Default: CATALOGUE. */
  catalogue?: readonly CatalogueMetric[];
  /** A known device's lifetime; undefined for an unknown did. */
  device(did: number): { firstSeen: number; lastSeen: number } | undefined;
  /** Breaches (of one device, or all) whose `time` is in [from, to], oldest first. */
  breachTimes(filter: { did?: number; from: number; to: number }): BreachTime[];
}

export interface EmulatorAnswer {
  status: number;
  body: Json;
}

const BURST_MS = 15 * 60_000;

const inputError = (error: string): EmulatorAnswer => ({ status: 400, body: { error, response: 'INPUT ERROR' } });

/** GET /metrics (mlid undefined) or GET /metrics/{mlid}: the list, or one object. */
export function metricsResponse(mlid: string | undefined, world: Pick<MetricsWorld, 'catalogue'>): EmulatorAnswer {
  const catalogue = world.catalogue ?? CATALOGUE;
  if (mlid === undefined) return { status: 200, body: structuredClone([...catalogue]) };
  if (!/^\d+$/.test(mlid)) return inputError('Invalid value for mlid: expected an integer');
  const metric = catalogue.find((m) => m.mlid === Number(mlid));
  return metric ? { status: 200, body: structuredClone(metric) } : { status: 404, body: { error: `Metric ${mlid} not found` } };
}

/** GET /metricdata: `[{breachtimes}?, {metric, data}…]` in metric1…N order, or 400 INPUT ERROR. */
export function metricDataResponse(params: URLSearchParams, world: MetricsWorld): EmulatorAnswer {
  const now = world.now();
  const catalogue = world.catalogue ?? CATALOGUE;
  const checked = validateMetricDataQuery(params, { now, catalogue });
  if (!checked.ok) return inputError(checked.error);
  const q = checked.query;
  const life = q.did === undefined ? undefined : world.device(q.did);
  const known = q.did === undefined || life !== undefined;
  const body: Json[] = [];
  if (q.breachtimes) {
    const marks = known ? world.breachTimes({ did: q.did, from: q.start, to: q.end }) : [];
    body.push({ breachtimes: marks.map((b) => ({ pid: b.pid, pbid: b.pbid, score: b.score, name: b.name, time: b.time })) });
  }
  const events = q.did === undefined || !known
    ? []
    : world.breachTimes({ did: q.did, from: q.start - BURST_MS, to: q.end + BURST_MS }).map((b) => b.time);
  for (const metric of q.metrics) {
    const data = known
      ? generateSeries({
        seed: world.seed, metric, did: q.did, filters: q.filters, start: q.start, end: q.end, intervalSeconds: q.intervalSeconds,
        now, firstSeen: life?.firstSeen, events,
      })
      : [];
    body.push({ metric, data: data as unknown as Json[] });
  }
  return { status: 200, body };
}
