// Seeded model breaches: the two captured ones verbatim plus generated ones with every awkward pattern a
// fetch must survive (ties, late creations, acknowledged, device-less).
import modelbreaches from '../../fixtures/modelbreaches.json' with { type: 'json' };
import { chance, int, pick, rngFor } from '../../prng.js';
import { DAY, HOUR } from '../../time.js';
import type { JsonObject } from '../../types.js';
import type { Device } from '../devices/types.js';
import { MODELS } from './models.js';
import { BreachStore } from './store.js';

export const FIXTURE_PBIDS = [158, 159] as const;
export const FIRST_GENERATED_PBID = 160;

/** GET /modelbreaches?minscore=0.0&starttime=1598932817000 — pbid 159 then 158. */
const capturedBreaches = modelbreaches as unknown as JsonObject[];

/**
 * Exactly `breaches` rows: the two captured breaches (2020) plus generated ones created within the 30 days
 * before `now`, with ties (several breaches sharing one creationTime ms), late creations (creationTime hours
 * after time), acknowledged ones and a few without a device. pbids follow creation order, as on the appliance.
 */
export function generateBreaches(seed: number, total: number, now: number, devices: Map<number, Device>): BreachStore {
  if (!Number.isInteger(total) || total < FIXTURE_PBIDS.length) {
    throw new RangeError(`breaches (--breaches) must be a whole number of at least ${FIXTURE_PBIDS.length}, got ${total}: `
      + `the fixture breaches ${FIXTURE_PBIDS.join(', ')} always exist`);
  }
  const store = new BreachStore();
  for (const b of [...capturedBreaches].reverse()) store.pushVerbatim(b);
  const n = total - FIXTURE_PBIDS.length;
  const r = rngFor(seed, 'breaches');
  const created = new Float64Array(n);
  const start = now - 30 * DAY;
  for (let i = 0; i < n; i++) created[i] = Math.floor((start + r() * (30 * DAY - 60_000)) / 1000) * 1000;
  created.sort();
  const dids = [...devices.keys()];
  const saasDids = dids.filter((did) => devices.get(did)!.sid === -9);
  let previousTime = 0;
  for (let i = 0; i < n; i++) {
    // Deterministic patterns guarantee ties/late/acknowledged/device-less rows even for small counts.
    const tie = i > 0 && (i % 10 === 5 || chance(r, 0.05));
    if (tie) created[i] = created[i - 1]; // still sorted: created[i-1] ≤ created[i]
    const creationTime = created[i];
    const late = i % 20 === 7 || chance(r, 0.02);
    let time: number;
    if (late) time = creationTime - int(r, 2, 36) * HOUR - int(r, 0, 3599) * 1000;
    else if (tie && chance(r, 0.5)) time = previousTime; // the same event breaching several models
    else time = creationTime - int(r, 1, 90) * 1000;
    previousTime = time;
    const model = int(r, 0, MODELS.length - 1);
    const m = MODELS[model];
    const [lo, hi] = m.priority >= 5 ? [600, 1000] : m.priority === 4 ? [300, 900] : [50, 650];
    const noDevice = i % 25 === 13;
    const did = noDevice ? -1 : m.name.startsWith('SaaS::') && saasDids.length > 0 ? pick(r, saasDids) : pick(r, dids);
    const acknowledged = i % 9 === 4 || chance(r, 0.05);
    store.push({
      pbid: FIRST_GENERATED_PBID + i, time, creationTime, score: int(r, lo, hi) / 1000, model, did, acknowledged,
      commentCount: acknowledged ? int(r, 0, 2) : chance(r, 0.1) ? 1 : 0,
    });
  }
  return store;
}
