// Property: across any sequence of fetches, with any upstream faults between or during them, every breach
// matching the filters is delivered exactly once (SPEC §4 guarantee). In-memory appliance model.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeAppliance, InjectedFault, type FakeBreach } from './fake-appliance.js';
import { runScenario, scenarioArb, type ApplianceHarness } from './scenario.js';

function fakeHarness(dt: FakeAppliance): ApplianceHarness {
  return {
    add: (b) => dt.add(b),
    all: () => [...dt.breaches.values()],
    arm(faults, during) {
      dt.faults = [...faults];
      dt.beforeAnswer = (i) => {
        for (const b of during.get(i) ?? []) dt.add(b);
      };
    },
    disarm() {
      dt.faults = [];
      dt.beforeAnswer = undefined;
    },
    source: dt.source,
  };
}

// FETCH_PROPERTY_RUNS=5000 npx vitest run test/fetch — a longer soak than the suite's 250 runs.
const RUNS = Number(process.env.FETCH_PROPERTY_RUNS ?? 250);

describe('fetch exactly-once (property, in-memory appliance)', () => {
  it('delivers every matching breach exactly once under random streams and fault schedules', async () => {
    let runs = 0;
    let failures = 0;
    let fetches = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb(), async (s) => {
        const dt = new FakeAppliance({ seed: s.seed, endtimeExclusive: s.endtimeExclusive });
        const report = await runScenario(s, fakeHarness(dt), (e) => e instanceof InjectedFault);
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
          const dt = new FakeAppliance({ seed: s.seed, endtimeExclusive: s.endtimeExclusive });
          let i = 0;
          for (const spec of s.backlog) {
            for (let k = 0; k < spec.copies; k++) {
              const b: FakeBreach = { pbid: ++i, creationTime: Date.UTC(2024, 2, 1) - spec.at, time: 0, score: spec.score };
              dt.add(b);
            }
          }
          return dt;
        };
        const { fetchIncidents } = await import('../../src/fetch/index.js');
        const params = { minScore: s.minScore, maxAlerts: s.maxAlerts, firstFetch: '5 days', lookBackMinutes: s.lookBackMinutes };
        const now = Date.UTC(2024, 2, 1);
        const clean = await fetchIncidents({ source: build().source, lastRun: {}, params, now, tuning: s.tuning });
        const faulty = build();
        faulty.faults = Array.from({ length: failAt + 1 }, (_, k) => (k === failAt ? 'invalid-json' : null));
        const failed = await fetchIncidents({ source: faulty.source, lastRun: {}, params, now, tuning: s.tuning }).then(
          (r) => ({ ok: true as const, r }),
          (e: unknown) => ({ ok: false as const, e }),
        );
        if (!failed.ok) {
          expect(failed.e).toBeInstanceOf(InjectedFault);
          expect(failed).not.toHaveProperty('r'); // no lastRun on failure
        }
        faulty.faults = []; // the caller retries later, when the appliance is healthy again
        const retried = await fetchIncidents({ source: faulty.source, lastRun: {}, params, now, tuning: s.tuning });
        expect(retried.incidents).toEqual(clean.incidents);
        expect(retried.lastRun).toEqual(clean.lastRun);
      }),
      { numRuns: 100 },
    );
  });
});
