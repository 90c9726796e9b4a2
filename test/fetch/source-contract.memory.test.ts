// The exactly-once contract (source-contract.ts) for every source, in memory: across any sequence of fetches,
// with any upstream faults between or during them, every item matching the filters is delivered exactly once
// (SPEC §4 guarantee, per source as §9 requires).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fetchIncidents } from '../../src/fetch/index.js';
import { CONTRACTS, SYNTHETIC_CONTRACTS } from './contracts.js';
import { InjectedFault } from './fake-appliance.js';
import { contractId, memoryHarness, runScenario, scenarioArb, scenarioParams, T0 } from './source-contract.js';

// FETCH_PROPERTY_RUNS=5000 npx vitest run test/fetch — a longer soak than the suite's 250 runs per source.
const RUNS = Number(process.env.FETCH_PROPERTY_RUNS ?? 250);

describe.each([...CONTRACTS, ...SYNTHETIC_CONTRACTS].map((c) => [c.name, c] as const))('%s: fetch exactly-once (property, in-memory appliance)', (_name, contract) => {
  it('delivers every matching item exactly once under random streams and fault schedules', async () => {
    let runs = 0;
    let failures = 0;
    let fetches = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const harness = memoryHarness(contract, { seed: s.seed, endtimeExclusive: s.endtimeExclusive });
        const report = await runScenario(contract, s, harness, (e) => e instanceof InjectedFault);
        runs++;
        failures += report.failures;
        fetches += report.fetches;
      }),
      { numRuns: RUNS },
    );
    expect(runs).toBeGreaterThanOrEqual(RUNS);
    expect(failures).toBeGreaterThan(0); // the schedules really did fail fetches
    expect(fetches).toBeGreaterThan(runs);
  });

  it('a failed fetch changes nothing: retrying with the old lastRun gives the same result as a clean fetch', async () => {
    await fc.assert(
      fc.asyncProperty(scenarioArb({ maxSteps: 0 }), fc.integer({ min: 0, max: 6 }), async (s, failAt) => {
        const build = () => {
          const appliance = contract.memory({ seed: s.seed, endtimeExclusive: s.endtimeExclusive });
          let index = 0;
          for (const spec of s.backlog) {
            for (let k = 0; k < spec.copies; k++, index++) {
              appliance.add({ index, id: contractId(contract.ids, index, s.seed), created: T0 - spec.at, lateness: 0, score: spec.score, acknowledged: spec.acknowledged });
            }
          }
          return appliance;
        };
        const params = scenarioParams(contract, s, '5 days');
        const clean = await fetchIncidents({ source: build().source, lastRun: {}, params, now: T0, tuning: s.tuning });
        const faulty = build();
        faulty.store.faults = Array.from({ length: failAt + 1 }, (_, k) => (k === failAt ? 'invalid-json' : null));
        const failed = await fetchIncidents({ source: faulty.source, lastRun: {}, params, now: T0, tuning: s.tuning }).then(
          (r) => ({ ok: true as const, r }),
          (e: unknown) => ({ ok: false as const, e }),
        );
        if (!failed.ok) {
          expect(failed.e).toBeInstanceOf(InjectedFault);
          expect(failed).not.toHaveProperty('r'); // no lastRun on failure
        }
        faulty.store.faults = []; // the caller retries later, when the appliance is healthy again
        const retried = await fetchIncidents({ source: faulty.source, lastRun: {}, params, now: T0, tuning: s.tuning });
        expect(retried.incidents).toEqual(clean.incidents);
        expect(retried.lastRun).toEqual(clean.lastRun);
      }),
      { numRuns: 100 },
    );
  });
});
