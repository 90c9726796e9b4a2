// MetricsWorld over the emulator's slices: device lifetimes and model breaches (acknowledged ones too — a
// breach marker is a fact about the past, not a to-do item).
import type { EmulatorEnv } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import type { DevicesSlice } from '../devices/state.js';
import type { ModelBreachesSlice } from '../modelbreaches/state.js';
import type { BreachTime, MetricsWorld } from './responses.js';

export function metricsWorld(env: Pick<EmulatorEnv, 'seed' | 'now'>, devices: DevicesSlice, breaches: ModelBreachesSlice): MetricsWorld {
  return {
    seed: env.seed,
    now: env.now,
    device(did) {
      const d = devices.devices.get(did);
      return d && { firstSeen: d.firstSeen, lastSeen: d.lastSeen };
    },
    breachTimes({ did, from, to }) {
      return breaches.store.query({ from, to, byCreation: false, includeAcknowledged: true, did })
        .map((row): BreachTime => {
          const breach = breaches.breachJson(row);
          const then = (breach.model as JsonObject).then as JsonObject;
          return { pid: then.pid as number, pbid: breach.pbid as number, score: breach.score as number, name: then.name as string, time: breach.time as number };
        })
        .sort((a, b) => a.time - b.time || a.pbid - b.pbid);
    },
  };
}
