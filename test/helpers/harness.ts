// End-to-end harness: a seeded emulator and the action endpoint in front of it, both over real HTTP.
import request from 'supertest';
import pino from 'pino';
import { startEmulator } from '../../src/emulator/index.js';
import { startServer } from '../../src/server/index.js';
import { apiKey } from '../../src/server/auth.js';
import type { Scope } from '../../src/server/auth.js';
import { InstanceResolver } from '../../src/server/instances.js';
import { OutboundPolicy } from '../../src/darktrace/outbound-policy.js';
import type { DarktraceInstance } from '../../src/darktrace/client.js';
import { createRegistry, createServices } from '../../src/cli/runtime.js';

export const KEYS: Record<Scope, string> = {
  read: 'test-read-key-0123456789',
  write: 'test-write-key-0123456789',
  admin: 'test-admin-key-0123456789',
};

type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

export interface HarnessOptions {
  emulator?: Partial<EmulatorOptions>;
  /** Overrides of the configured instance (e.g. a wrong private token). */
  instance?: Partial<DarktraceInstance>;
  allowInline?: boolean;
  /** Where inline instances may connect; default: loopback allowed (the emulator listens there), as an operator would set it. */
  outbound?: OutboundPolicy;
  now?: () => Date;
  /** Where the server logs (default: silent). */
  logger?: pino.Logger;
}

export async function startHarness(options: HarnessOptions = {}) {
  const emulator = await startEmulator({ port: 0, seed: 1, ...options.emulator });
  const instance: DarktraceInstance = {
    name: 'test', url: emulator.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 2, timeoutMs: 5_000,
    ...options.instance,
  };
  const server = await startServer({
    registry: createRegistry(),
    instances: new InstanceResolver(new Map([['test', instance]]), {
      defaultName: 'test', allowInline: options.allowInline ?? true,
      outbound: options.outbound ?? new OutboundPolicy({ allowPrivateTargets: ['127.0.0.0/8'] }),
    }),
    apiKeys: (Object.keys(KEYS) as Scope[]).map((s) => apiKey(KEYS[s], s)),
    services: createServices({ logger: options.logger ?? pino({ level: 'silent' }), now: options.now }),
  });
  const http = request(server.url);
  return {
    url: server.url,
    http,
    emulator: emulator.emulator,
    emulatorUrl: emulator.url,
    instance,
    /** POST /v1/commands/<command> with {args}; read scope unless said otherwise. */
    call(command: string, args: Record<string, unknown> = {}, opts: { scope?: Scope; instance?: unknown } = {}) {
      return http.post(`/v1/commands/${command}`)
        .set('Authorization', `Bearer ${KEYS[opts.scope ?? 'read']}`)
        .send(opts.instance === undefined ? { args } : { args, instance: opts.instance });
    },
    fetch(body: Record<string, unknown>, scope: Scope = 'read') {
      return http.post('/v1/fetch-incidents').set('Authorization', `Bearer ${KEYS[scope]}`).send(body);
    },
    test(body: Record<string, unknown> = {}, scope: Scope = 'read') {
      return http.post('/v1/test').set('Authorization', `Bearer ${KEYS[scope]}`).send(body);
    },
    async close() {
      await server.close();
      await emulator.close();
    },
  };
}
export type Harness = Awaited<ReturnType<typeof startHarness>>;
