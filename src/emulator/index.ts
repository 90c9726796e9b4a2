// Darktrace appliance emulator (SPEC §6): app.ts composes the resources (resources/index.ts) behind the
// shared pipeline; control.ts serves /__emulator. README.md says how to add a resource.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createEmulator, type Emulator, type EmulatorOptions } from './app.js';

export { composeEmulator, CONTROL_ENDPOINTS, createEmulator } from './app.js';
export type { Emulator, EmulatorOptions, RecordedRequest } from './app.js';
export type { FaultKind, FaultSpec } from './faults.js';
export { FAULT_KINDS, LOGIN_PAGE } from './faults.js';
export { EmulatorState } from './state.js';
export { RESOURCES } from './resources/index.js';
export { defineResource, type Resource, type RouteSpec, type Scope, type SliceEnv } from './resource.js';
export { ABSENT_DIDS, FIXTURE_DIDS } from './resources/devices/generate.js';
export { FIRST_GENERATED_PBID, FIXTURE_PBIDS } from './resources/modelbreaches/generate.js';
export { MODELS } from './resources/modelbreaches/models.js';
export type { NewBreach } from './resources/modelbreaches/state.js';
export type { TagPostResponse } from './resources/tags/types.js';
export { ALL_PERMISSIONS, type Permission } from './types.js';

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
