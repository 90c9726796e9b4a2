// AI Analyst incident events under the shared exactly-once contract (source-contract.ts): the real
// aiAnalystSource over a strict in-memory /aianalyst/incidentevents, and over HTTP against the emulator.
import type { DarktraceApi } from '../../../src/darktrace/resources/endpoint.js';
import { AiAnalystSlice } from '../../../src/emulator/resources/aianalyst/state.js';
import type { JsonObject } from '../../../src/emulator/types.js';
import { AI_ANALYST_PATH, aiAnalystSource } from '../../../src/fetch/index.js';
import { FakeStore, getOnlyApi, type StoreQuery } from '../fake-appliance.js';
import type { ContractItem, SourceContract, VisibleItem } from '../source-contract.js';

type Event = Record<string, unknown> & { id: string; createdAt: number; groupScore: number };
type AiaQuery = StoreQuery & { mingroupscore: number };

/** Marks the events a contract run added to the emulator (its own seeded events lie years away from T0). */
const TITLE = 'Contract event';
const CATEGORIES = ['critical', 'suspicious', 'compliance', 'informational'];

/** The group score 0–100 an item's generic score (0–1) stands for, as the appliance would hold it. */
const groupScoreOf = (score: number) => Math.round(score * 1000) / 10;
/** min_group_score is a whole number: the scenario's threshold, rounded. */
const minGroupScoreOf = (minScore: number) => Math.round(minScore);

function eventOf(item: ContractItem): Event {
  const i = item.index;
  return {
    id: String(item.id), createdAt: item.created, title: `${TITLE} ${i % 9}`, summary: 'Generated for the contract test.',
    acknowledged: item.acknowledged, pinned: i % 3 === 0, category: CATEGORIES[i % 4], currentGroup: `g-contract-${i % 5}`,
    groupCategory: CATEGORIES[(i + 1) % 4], groupScore: groupScoreOf(item.score), aiaScore: 50,
    periods: [{ start: item.created - item.lateness, end: item.created }],
    breachDevices: i % 2 ? [{ did: i % 11, hostname: `host-${i % 11}`, ip: `10.0.0.${i % 11}`, sid: 1 }] : [],
    mitreTactics: [], attackPhases: [1],
  };
}

/** Reads a query exactly as the source must send it; anything else fails the test. */
function parseAiaQuery(path: string, query: Array<[string, string]>): AiaQuery {
  if (path !== AI_ANALYST_PATH) throw new Error(`unexpected path ${path}`);
  const keys = query.map(([k]) => k).join(',');
  if (keys !== 'starttime,endtime,includeacknowledged,includeallpinned,mingroupscore,includeincidenteventurl') throw new Error(`unexpected query ${JSON.stringify(query)}`);
  const q = Object.fromEntries(query);
  if (q.includeacknowledged !== 'true' || q.includeallpinned !== 'false' || q.includeincidenteventurl !== 'true') throw new Error(`unexpected flags ${JSON.stringify(query)}`);
  for (const k of ['starttime', 'endtime', 'mingroupscore']) if (!/^\d+$/.test(q[k])) throw new Error(`${k}=${q[k]} is not a whole number`);
  return { starttime: Number(q.starttime), endtime: Number(q.endtime), mingroupscore: Number(q.mingroupscore) };
}

export const aiAnalystContract: SourceContract = {
  name: 'ai-analyst',
  ids: 'string',
  filters: (minScore) => ({ minGroupScore: minGroupScoreOf(minScore) }),
  matches: (item, minScore) => groupScoreOf(item.score) >= minGroupScoreOf(minScore),
  idOf: (incident) => incident.dbotMirrorId.replace(/^aia:/, ''),
  memory(options) {
    const store = new FakeStore<Event, AiaQuery>((e) => ({ id: e.id, created: e.createdAt }), (e, q) => e.groupScore >= q.mingroupscore, options);
    const client: DarktraceApi = getOnlyApi((path, query) => store.answer(parseAiaQuery(path, query)));
    return {
      store,
      add: (item) => store.add(eventOf(item)),
      all: () => [...store.items.values()].map((e) => ({ id: e.id, created: e.createdAt, score: e.groupScore / 100 })),
      source: aiAnalystSource(client),
    };
  },
  http: {
    path: AI_ANALYST_PATH,
    add(emulator, item) {
      const events = emulator.state.slice(AiAnalystSlice).events;
      const event = eventOf(item);
      if (events.has(event.id)) throw new Error(`duplicate uuid ${event.id} in test data`);
      events.set(event.id, event as JsonObject);
    },
    all(emulator): VisibleItem[] {
      return [...emulator.state.slice(AiAnalystSlice).events.values()]
        .filter((e) => String(e.title).startsWith(TITLE))
        .map((e) => ({ id: e.id as string, created: e.createdAt as number, score: (e.groupScore as number) / 100 }));
    },
    source: (client) => aiAnalystSource(client),
  },
};
