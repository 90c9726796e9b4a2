// Model breaches under the shared exactly-once contract (source-contract.ts).
import { modelBreachSource, toMinscore } from '../../../src/fetch/index.js';
import { FakeAppliance, type FakeBreach } from '../fake-appliance.js';
import type { ContractItem, SourceContract } from '../source-contract.js';

/** Added to every generated pbid over HTTP: clear of the emulator's own breaches (158, 159 and the seeded ones). */
const PBID_OFFSET = 1_000_000;

/** The breach a contract item stands for: decorations (model, device) vary, some are missing. */
function breachOf(item: ContractItem): FakeBreach {
  const i = item.index;
  const b: FakeBreach = { pbid: item.id as number, creationTime: item.created, time: item.created - item.lateness, score: item.score, acknowledged: item.acknowledged };
  if (i % 3 !== 0) b.model = { then: { name: `Test::Model ${i % 7}`, category: ['Informational', 'Suspicious', 'Critical', 'Compliance'][i % 4] } };
  if (i % 5 !== 0) b.device = { did: i % 11, hostname: `host-${i % 11}`, ip: `10.0.0.${i % 11}` };
  return b;
}

export const modelBreachContract: SourceContract = {
  name: 'model-breaches',
  ids: 'integer',
  filters: (minScore) => ({ minScore }),
  matches: (item, minScore) => item.score >= toMinscore(minScore),
  idOf: (incident) => Number(incident.dbotMirrorId),
  memory(options) {
    const dt = new FakeAppliance(options);
    return {
      store: dt,
      add: (item) => dt.add(breachOf(item)),
      all: () => [...dt.breaches.values()].map((b) => ({ id: b.pbid, created: b.creationTime, score: b.score })),
      source: dt.source,
    };
  },
  http: {
    path: '/modelbreaches',
    add(emulator, item) {
      const b = breachOf(item);
      emulator.state.addBreach({
        pbid: b.pbid + PBID_OFFSET,
        creationTime: b.creationTime,
        time: b.time,
        score: b.score,
        acknowledged: b.acknowledged,
        did: b.device ? 1 : null,
      });
    },
    all(emulator) {
      const store = emulator.state.breaches;
      return Array.from({ length: store.count }, (_, i) => ({ id: store.pbid[i], created: store.creation[i], score: store.score[i] / 1000 }));
    },
    source: (client) => modelBreachSource(client),
  },
};
