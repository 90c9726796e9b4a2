// MetricsWorld over the emulator's state: device lifetimes and model breaches (acknowledged ones too — a
// breach marker is a fact about the past, not a to-do item).
import type { EmulatorState } from '../../state.js';
import type { JsonObject } from '../../types.js';
import type { BreachTime, MetricsWorld } from './responses.js';

export function metricsWorld(state: EmulatorState): MetricsWorld {
  return {
    seed: state.seed,
    now: state.now,
    device(did) {
      const d = state.devices.get(did);
      return d && { firstSeen: d.firstSeen, lastSeen: d.lastSeen };
    },
    breachTimes({ did, from, to }) {
      const rows = state.breaches.query({ from, to, byCreation: false, includeAcknowledged: true, did });
      return rows
        .map((row): BreachTime => {
          const breach = state.breachJson(row);
          const then = (breach.model as JsonObject).then as JsonObject;
          return { pid: then.pid as number, pbid: breach.pbid as number, score: breach.score as number, name: then.name as string, time: breach.time as number };
        })
        .sort((a, b) => a.time - b.time || a.pbid - b.pbid);
    },
  };
}
