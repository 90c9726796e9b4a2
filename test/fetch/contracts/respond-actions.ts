// RESPOND actions under the shared exactly-once contract (source-contract.ts): the real respondActionSource
// over a strict in-memory /antigena, and over HTTP against the emulator. RESPOND actions have no filter: every
// action counts, whatever its state (pending, active, expired, cleared).
import type { DarktraceApi } from '../../../src/darktrace/resources/endpoint.js';
import { AntigenaSlice } from '../../../src/emulator/resources/antigena/state.js';
import type { Action } from '../../../src/emulator/resources/antigena/types.js';
import { RESPOND_PATH, respondActionSource } from '../../../src/fetch/index.js';
import { FakeStore, getOnlyApi, projectAnswer, type StoreQuery } from '../fake-appliance.js';
import type { ContractItem, SourceContract, VisibleItem } from '../source-contract.js';

/** Added to generated codeids over HTTP: clear of the emulator's fixture and generated actions. */
const CODEID_OFFSET = 5_000_000;
const STATES = ['pending', 'active', 'expired', 'cleared'] as const;

function actionOf(item: ContractItem, codeid: number): Action {
  const i = item.index;
  const state = STATES[i % 4];
  const duration = state === 'expired' ? 60_000 : 30 * 86_400_000 * 1000; // expired long ago, or far in the future
  return {
    codeid, did: 10 + (i % 7), ip: `10.0.1.${i % 7}`, action: 'quarantine', manual: false, triggerer: null,
    label: 'Quarantine device', detail: '', score: item.score, pbid: 1 + i, model: 'Antigena::Contract', modeluuid: '',
    start: item.created, expires: item.created + duration, blocked: false, updated: String(item.created),
    agemail: false, aghost: false, active: state === 'active' || state === 'expired', cleared: state === 'cleared',
    history: [{ family: 'NETWORK', username: '', action: state === 'pending' ? 'created (requires confirmation)' : 'created', reason: '', time: item.created }],
    connections: [],
  };
}

/** A read, or the probe: the same query plus exactly `responsedata=start` (documented for /antigena). */
function parseRespondQuery(path: string, query: Array<[string, string]>): StoreQuery & { responsedata?: string } {
  if (path !== RESPOND_PATH) throw new Error(`unexpected path ${path}`);
  const keys = query.map(([k]) => k).join(',');
  const probe = keys === 'includecleared,includehistory,starttime,endtime,responsedata';
  if (!probe && keys !== 'includecleared,includehistory,starttime,endtime') throw new Error(`unexpected query ${JSON.stringify(query)}`);
  const q = Object.fromEntries(query);
  if (q.includecleared !== 'true' || q.includehistory !== 'true') throw new Error(`unexpected flags ${JSON.stringify(query)}`);
  if (probe && q.responsedata !== 'start') throw new Error(`responsedata=${q.responsedata}, expected start`);
  for (const k of ['starttime', 'endtime']) if (!/^\d+$/.test(q[k])) throw new Error(`${k}=${q[k]} is not a whole number`);
  return { starttime: Number(q.starttime), endtime: Number(q.endtime), ...(probe ? { responsedata: 'start' } : {}) };
}

export const respondActionContract: SourceContract = {
  name: 'respond-actions',
  ids: 'integer',
  filters: () => ({}),
  matches: () => true,
  idOf: (incident) => Number(incident.dbotMirrorId.replace(/^respond:/, '')),
  memory(options) {
    const store = new FakeStore<Action, StoreQuery>((a) => ({ id: a.codeid, created: a.start }), () => true, options);
    const client: DarktraceApi = getOnlyApi(async (path, query) => {
      const { responsedata, ...q } = parseRespondQuery(path, query);
      return projectAnswer(await store.answer(q), responsedata);
    });
    return {
      store,
      add: (item) => store.add(actionOf(item, item.id as number)),
      all: () => [...store.items.values()].map((a) => ({ id: a.codeid, created: a.start, score: a.score })),
      source: respondActionSource(client),
    };
  },
  http: {
    path: RESPOND_PATH,
    add(emulator, item) {
      const actions = emulator.state.slice(AntigenaSlice).actions;
      const codeid = (item.id as number) + CODEID_OFFSET;
      if (actions.has(codeid)) throw new Error(`duplicate codeid ${codeid} in test data`);
      actions.set(codeid, actionOf(item, codeid));
    },
    all(emulator): VisibleItem[] {
      return [...emulator.state.slice(AntigenaSlice).actions.values()]
        .filter((a) => a.codeid >= CODEID_OFFSET)
        .map((a) => ({ id: a.codeid, created: a.start, score: a.score }));
    },
    source: (client) => respondActionSource(client),
  },
};
