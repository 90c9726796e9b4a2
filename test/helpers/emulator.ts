// A seeded emulator for the enclosing describe block (or file), for tests that talk to it without the
// action endpoint in front (the CLI, the resource calls). Started in beforeAll, closed in afterAll.
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type RunningEmulator, type StartOptions } from '../../src/emulator/index.js';

export interface EmulatorHandle {
  readonly url: string;
  readonly emulator: Emulator;
}

export function useEmulator(options: StartOptions = {}): EmulatorHandle {
  let running: RunningEmulator | undefined;
  beforeAll(async () => { running = await startEmulator({ port: 0, seed: 1, ...options }); });
  afterAll(async () => { await running?.close(); running = undefined; });
  const live = () => {
    if (!running) throw new Error('The emulator is not running: use it inside a test, after beforeAll has started it.');
    return running;
  };
  return {
    get url() { return live().url; },
    get emulator() { return live().emulator; },
  };
}
