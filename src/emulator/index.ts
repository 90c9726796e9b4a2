// Darktrace appliance emulator (SPEC §6): see app.ts for the pipeline and control.ts for /__emulator.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator, type EmulatorOptions } from './app.js';

export { createEmulator } from './app.js';
export type { Emulator, EmulatorOptions, RecordedRequest } from './app.js';
export type { FaultKind, FaultSpec } from './faults.js';
export { FAULT_KINDS, LOGIN_PAGE } from './faults.js';
export type { NewBreach } from './state.js';
export { EmulatorState } from './state.js';
export { ABSENT_DIDS, FIRST_GENERATED_PBID, FIXTURE_DIDS, FIXTURE_PBIDS } from './data.js';
export { MODELS } from './models.js';
export { ALL_PERMISSIONS, type Permission, type TagPostResponse } from './types.js';
export { CONTROL_ENDPOINTS } from './control.js';

export interface StartOptions extends EmulatorOptions {
  /** 0 (default) = a random free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
}

export interface RunningEmulator {
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

export async function startEmulator(options: StartOptions = {}): Promise<RunningEmulator> {
  const emulator = createEmulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = createServer(emulator.app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    emulator,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections(); // keep-alive pools would otherwise hold close() open
    }),
  };
}
