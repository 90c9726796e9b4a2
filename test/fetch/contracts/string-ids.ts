// A synthetic source with uuid ids and its own lastRun prefix, in memory only: it holds the engine's string-id
// path (tie order, dedup, the percent-encoded lastRun set, prefixed sub-state) to the same exactly-once
// contract as the real sources, until AI Analyst events (uuid ids) arrive as a real source with an emulator
// endpoint of their own.
import { toMinscore, type FetchParamSpec, type FetchSource } from '../../../src/fetch/index.js';
import { FakeStore, type StoreQuery } from '../fake-appliance.js';
import type { ContractItem, MemoryContract } from '../source-contract.js';

export interface UuidItem {
  uuid: string;
  createdAt: number;
  activityAt: number;
  score: number;
  title?: string;
}

type UuidQuery = StoreQuery & { minscore: number };

const PATH = '/synthetic/uuid-items';

const PARAMS: readonly FetchParamSpec[] = [
  {
    name: 'min_item_score', key: 'minItemScore', aliases: [], kind: 'number', min: 0, max: 100, default: 0,
    description: 'Minimum item score, 0-100.', integration: { display: 'Minimum item score', type: 0, required: false },
  },
];

/** The source, over a strict fake client for its endpoint. */
export function uuidSource(store: FakeStore<UuidItem, UuidQuery>): FetchSource<UuidItem, { minItemScore: number }> {
  return {
    name: 'uuid-items',
    endpoint: PATH,
    ids: 'string',
    lastRunPrefix: 'uuid-items.',
    params: PARAMS,
    query: (slot, filters) => store.answer({ ...slot, minscore: toMinscore(filters.minItemScore) }),
    parse: (raw) => (typeof raw === 'object' && raw !== null ? (raw as UuidItem) : undefined),
    key: (item) => (typeof item.uuid === 'string' && Number.isSafeInteger(item.createdAt) ? { id: item.uuid, time: item.createdAt } : undefined),
    toIncident: (item, id) => ({
      name: `Synthetic item ${id}${item.title ? `: ${item.title}` : ''}`,
      type: 'Synthetic Item',
      occurred: new Date(item.activityAt).toISOString(),
      severity: 1,
      dbotMirrorId: `uuid:${id}`,
      details: '',
      rawJSON: JSON.stringify(item),
    }),
  };
}

export function uuidStore(options: { seed?: number; endtimeExclusive?: boolean } = {}) {
  return new FakeStore<UuidItem, UuidQuery>((i) => ({ id: i.uuid, created: i.createdAt }), (i, q) => i.score >= q.minscore, options);
}

const itemOf = (item: ContractItem): UuidItem => ({
  uuid: String(item.id),
  createdAt: item.created,
  activityAt: item.created - item.lateness,
  score: item.score,
  ...(item.index % 2 ? { title: `Event ${item.index % 5}` } : {}),
});

export const stringIdContract: MemoryContract = {
  name: 'synthetic uuid-items (string ids)',
  ids: 'string',
  filters: (minScore) => ({ minItemScore: minScore }),
  matches: (item, minScore) => item.score >= toMinscore(minScore),
  idOf: (incident) => incident.dbotMirrorId.replace(/^uuid:/, ''),
  memory(options) {
    const store = uuidStore(options);
    return {
      store,
      add: (item) => store.add(itemOf(item)),
      all: () => [...store.items.values()].map((i) => ({ id: i.uuid, created: i.createdAt, score: i.score })),
      source: uuidSource(store),
    };
  },
};
