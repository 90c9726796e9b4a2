// The exactly-once contract (source-contract.ts) for every source, end to end: the engine → the source → the
// real DarktraceClient (signed HTTP, undici) → the Darktrace emulator, with faults injected in the emulator
// (5xx, resets, timeouts, invalid and truncated JSON) and items added to it between and during fetches.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { DarktraceError } from '../../src/darktrace/errors.js';
import { startEmulator } from '../../src/emulator/index.js';
import { CONTRACTS } from './contracts.js';
import { EmulatorHarness, HTTP_TIMEOUT_MS, runScenario, scenarioArb } from './source-contract.js';

describe.each(CONTRACTS.map((c) => [c.name, c] as const))('%s: fetch exactly-once, end to end over HTTP (emulator + DarktraceClient)', (_name, contract) => {
  it('delivers every matching item exactly once under random streams and emulator faults', async () => {
    let runs = 0;
    let failures = 0;
    await fc.assert(
      fc.asyncProperty(scenarioArb({ maxBacklog: 20, maxSteps: 14, maxCopies: 12 }), async (s) => {
        const running = await startEmulator({ port: 0, breaches: 2, devices: 5, seed: s.seed, shuffleBreaches: s.seed % 2 === 0 });
        const client = new DarktraceClient(
          { url: running.url, publicToken: 'demo-public', privateToken: 'demo-private', timeoutMs: HTTP_TIMEOUT_MS, retries: s.seed % 3 === 0 ? 1 : 0 },
          { sleep: async () => {} },
        );
        const harness = new EmulatorHarness(contract, running.emulator, client);
        // Keep HTTP round trips bounded: realistic slot sizes, but still small maxSlotItems to force halving.
        const scenario = { ...s, endtimeExclusive: false, tuning: { maxSlotItems: s.tuning.maxSlotItems, initialSlotMs: 3_600_000 } };
        try {
          const report = await runScenario(contract, scenario, harness, (e) => e instanceof DarktraceError && harness.injected > 0);
          runs++;
          failures += report.failures;
        } finally {
          await client.close();
          await running.close();
        }
      }),
      { numRuns: 25 },
    );
    expect(runs).toBe(25);
    expect(failures).toBeGreaterThan(0);
  });
});
