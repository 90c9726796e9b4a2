// Model breaches as a fetch source (SPEC §4): GET /modelbreaches by record creation, one slot at a time
// (the call itself, its exact query and its response schema are the resource layer's breachesCreatedBetween).
import { breachesCreatedBetween, breachTimesCreatedBetween } from '../../darktrace/resources/modelbreaches.js';
import type { DarktraceApi } from '../../darktrace/resources/endpoint.js';
import { isObject } from '../../util/json.js';
import { FetchUpstreamError } from '../errors.js';
import type { FetchParamSpec } from '../params.js';
import type { FetchSource, ItemKey, Slot } from '../source.js';
import { breachToIncident } from './model-breach-incident.js';

export type ModelBreach = Record<string, unknown>;

/** The source's filters (FetchParams fields). */
export interface ModelBreachFilters {
  /** Minimum breach score, 0–100 (sent to Darktrace as `minscore` 0–1). */
  minScore: number;
}

export const MODEL_BREACH_PARAMS: readonly FetchParamSpec[] = Object.freeze<FetchParamSpec[]>([
  {
    name: 'min_score', key: 'minScore', aliases: [], kind: 'number', min: 0, max: 100, default: 0,
    description: 'Minimum model breach score, 0-100 (sent to Darktrace as 0-1).',
    integration: { display: 'Minimum Darktrace score for fetched incidents (0-100)', type: 0, required: true },
  },
]);

/** `min_score` (0–100) as Darktrace's `minscore` (0–1), without binary-float noise (73 → 0.73). */
export function toMinscore(minScore: number): number {
  return Number((minScore / 100).toFixed(6));
}

/** One slot request as Darktrace sees it: times in epoch ms of record creation, `minscore` on the 0–1 scale. */
export interface SlotQuery extends Slot {
  minscore: number;
}

/** What the source needs of the client (DarktraceClient is one): the resource layer's calls. */
export type ModelBreachClient = DarktraceApi;

export const MODEL_BREACH_PATH = breachesCreatedBetween.path;

/** pbid and creationTime: safe integers, as numbers or digit strings. */
function intOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isSafeInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\d{1,15}$/.test(v.trim())) return Number(v);
  return undefined;
}

export function modelBreachKey(breach: ModelBreach): ItemKey | undefined {
  const id = intOf(breach.pbid);
  const time = intOf(breach.creationTime);
  return id === undefined || time === undefined ? undefined : { id, time };
}

export function modelBreachSource(client: ModelBreachClient): FetchSource<ModelBreach, ModelBreachFilters> {
  return {
    name: 'model-breaches',
    endpoint: MODEL_BREACH_PATH,
    ids: 'integer',
    names: { id: 'pbid', time: 'creationTime' },
    lastRunPrefix: '',
    params: MODEL_BREACH_PARAMS,
    query: (slot, filters) => breachesCreatedBetween(client, { starttime: slot.starttime, endtime: slot.endtime, minscore: toMinscore(filters.minScore) }),
    probe: async (slot, filters) => {
      const rows = await breachTimesCreatedBetween(client, { starttime: slot.starttime, endtime: slot.endtime, minscore: toMinscore(filters.minScore) });
      // The client validates the list; a fake or a future schema change must still fail cleanly, not crash.
      if (!Array.isArray(rows)) throw new FetchUpstreamError('the model-breaches source returned something other than a list', MODEL_BREACH_PATH);
      return rows.map((row) => (isObject(row) ? intOf(row.creationTime) : undefined));
    },
    parse: (raw) => (isObject(raw) ? raw : undefined),
    key: modelBreachKey,
    toIncident: (breach, id) => breachToIncident(breach, id),
  };
}
