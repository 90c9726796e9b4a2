// describeCommandE2E: one command, end to end — POST /v1/commands/<name> → action endpoint → signed client →
// emulator — with one harness for the whole block and assertions on what the emulator received.
//
//   describeCommandE2E(command, { scope: 'write' }, (e2e) => {
//     it('…', async () => {
//       const res = await e2e.run({ deviceId: 3, tagName: 'Admin' });
//       expect(e2e.received()).toEqual([{ method: 'POST', path: '/tags/entities', query: '', body: 'did=3&tag=Admin' }]);
//     });
//   });
import { describe, expect } from 'vitest';
import type { Scope } from '../../src/server/auth.js';
import type { CommandDefinition } from '../../src/registry/index.js';
import type { RecordedRequest } from '../../src/emulator/index.js';
import { useHarness, type Harness, type HarnessOptions } from './harness.js';
import type { Received } from './received.js';

export interface E2EOptions extends HarnessOptions {
  /** The API key scope `run` uses unless told otherwise (default read). */
  scope?: Scope;
  /** The describe title (default `end to end (POST /v1/commands/<name> → emulator)`). */
  title?: string;
}

export interface CommandE2E {
  /** The harness: other commands (`h.call`), the emulator's state and faults. */
  readonly h: Harness;
  /** Forgets what the emulator recorded, then POSTs this command with `args`. */
  run(args?: Record<string, unknown>, opts?: { scope?: Scope; instance?: unknown; key?: string }): ReturnType<Harness['call']>;
  /** `run`, expecting HTTP 200; returns the first result (CommandResult fields plus `entry`). */
  result(args?: Record<string, unknown>, opts?: { scope?: Scope; instance?: unknown; key?: string }): Promise<any>;
  /** What the emulator received since the last `run` (or clearRequests), each request's signature checked. */
  received(): Received[];
  /** The emulator's raw records since the last `run`: statuses and headers too. */
  requests(): readonly RecordedRequest[];
}

export function describeCommandE2E(command: CommandDefinition, body: (e2e: CommandE2E) => void): void;
export function describeCommandE2E(command: CommandDefinition, options: E2EOptions, body: (e2e: CommandE2E) => void): void;
export function describeCommandE2E(
  command: CommandDefinition, optionsOrBody: E2EOptions | ((e2e: CommandE2E) => void), maybeBody?: (e2e: CommandE2E) => void,
): void {
  const options = typeof optionsOrBody === 'function' ? {} : optionsOrBody;
  const body = typeof optionsOrBody === 'function' ? optionsOrBody : maybeBody!;
  const { scope = 'read', title, ...harnessOptions } = options;
  describe(title ?? `end to end (POST /v1/commands/${command.name} → emulator)`, () => {
    const h = useHarness(harnessOptions);
    const run: CommandE2E['run'] = (args = {}, opts = {}) => {
      h.emulator.clearRequests();
      return h.call(command.name, args, { scope, ...opts });
    };
    body({
      h,
      run,
      async result(args, opts) {
        const res = await run(args, opts);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        return res.body.results[0];
      },
      received: () => h.received(),
      requests: () => h.emulator.requests,
    });
  });
}
