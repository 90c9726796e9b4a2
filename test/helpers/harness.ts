// End-to-end harness: a seeded emulator and the action endpoint in front of it, both over real HTTP.
//   useHarness(options)            one harness for the enclosing describe (started in beforeAll, closed in afterAll)
//   withHarness(options, test)     one harness for one test, closed whatever happens
//   startHarness(options)          the harness itself, for callers that manage its life
import request from 'supertest';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { startServer } from '../../src/server/index.js';
import { apiKey } from '../../src/server/auth.js';
import type { ApiKey, Scope } from '../../src/server/auth.js';
import type { Services } from '../../src/registry/command.js';
import type { Store } from '../../src/store/types.js';
import { InstanceResolver } from '../../src/server/instances.js';
import { OutboundPolicy } from '../../src/darktrace/outbound-policy.js';
import type { IdempotencyStore } from '../../src/server/idempotency.js';
import type { DarktraceInstance } from '../../src/darktrace/client.js';
import { createRegistry, createServices } from '../../src/cli/runtime.js';
import { memoryStore } from './store.js';
import { received, type Received } from './received.js';

export const KEYS: Record<Scope, string> = {
  read: 'test-read-key-0123456789',
  write: 'test-write-key-0123456789',
  admin: 'test-admin-key-0123456789',
};

/**
 * The function grants every harness key holds (SPEC §7), so descriptor commands can be called with the scope keys;
 * a test that needs a key without them passes `apiKeys` and calls with `{ key }`.
 */
export const HARNESS_FUNCTIONS = ['viewMetric', 'submitMetric', 'adminMetric'] as const;

type EmulatorOptions = NonNullable<Parameters<typeof startEmulator>[0]>;

export interface HarnessOptions {
  emulator?: Partial<EmulatorOptions>;
  /** Overrides of the configured instance (e.g. a wrong private token). */
  instance?: Partial<DarktraceInstance>;
  allowInline?: boolean;
  /** Where inline instances may connect; default: loopback allowed (the emulator listens there), as an operator would set it. */
  outbound?: OutboundPolicy;
  now?: () => Date;
  /** More API keys (e.g. with other function grants), used with `call(…, { key })`. */
  apiKeys?: ApiKey[];
  /** Where the server logs (default: silent). */
  logger?: pino.Logger;
  /** Where Idempotency-Key outcomes are kept (default: the server's in-memory store). */
  idempotencyStore?: IdempotencyStore;
}

interface Running {
  emulator: RunningEmulator;
  server: Awaited<ReturnType<typeof startServer>>;
  instance: DarktraceInstance;
  services: Services;
}

export class Harness {
  private running?: Running;

  constructor(private readonly options: HarnessOptions = {}) {}

  async start(): Promise<this> {
    const emulator = await startEmulator({ port: 0, seed: 1, ...this.options.emulator });
    const instance: DarktraceInstance = {
      name: 'test', url: emulator.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 2, timeoutMs: 5_000,
      ...this.options.instance,
    };
    const services = createServices({ logger: this.options.logger ?? pino({ level: 'silent' }), store: memoryStore(), now: this.options.now });
    const server = await startServer({
      registry: createRegistry(),
      instances: new InstanceResolver(new Map([['test', instance]]), {
        defaultName: 'test', allowInline: this.options.allowInline ?? true,
        outbound: this.options.outbound ?? new OutboundPolicy({ allowPrivateTargets: ['127.0.0.0/8'] }),
      }),
      apiKeys: [...(Object.keys(KEYS) as Scope[]).map((s) => apiKey(KEYS[s], s, HARNESS_FUNCTIONS)), ...(this.options.apiKeys ?? [])],
      services,
      idempotencyStore: this.options.idempotencyStore,
    });
    this.running = { emulator, server, instance, services };
    return this;
  }

  private get live(): Running {
    if (!this.running) throw new Error('The harness is not running: use it inside a test, after beforeAll has started it.');
    return this.running;
  }

  /** The action endpoint's base URL. */
  get url() { return this.live.server.url; }
  get http() { return request(this.live.server.url); }
  get emulator() { return this.live.emulator.emulator; }
  get emulatorUrl() { return this.live.emulator.url; }
  /** The server's store (in memory, fresh per harness): seed descriptors and read what commands stored. */
  store(): Promise<Store> { return this.live.services.store.get(); }
  /** The configured Darktrace instance (`test`, the default). */
  get instance() { return this.live.instance; }

  /** POST /v1/commands/<command> with {args}; read scope unless said otherwise. */
  call(command: string, args: Record<string, unknown> = {}, opts: { scope?: Scope; instance?: unknown; key?: string } = {}) {
    return this.http.post(`/v1/commands/${command}`)
      .set('Authorization', `Bearer ${opts.key ?? KEYS[opts.scope ?? 'read']}`)
      .send(opts.instance === undefined ? { args } : { args, instance: opts.instance });
  }

  fetch(body: Record<string, unknown>, scope: Scope = 'read') {
    return this.http.post('/v1/fetch-incidents').set('Authorization', `Bearer ${KEYS[scope]}`).send(body);
  }

  test(body: Record<string, unknown> = {}, scope: Scope = 'read') {
    return this.http.post('/v1/test').set('Authorization', `Bearer ${KEYS[scope]}`).send(body);
  }

  /** Every request the emulator recorded since the last clearRequests(), signatures checked. */
  received(): Received[] {
    return received(this.emulator.requests, this.instance);
  }

  async close(): Promise<void> {
    const running = this.running;
    this.running = undefined;
    if (!running) return;
    await running.server.close();
    await running.emulator.close();
  }
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  return new Harness(options).start();
}

/** One harness shared by the tests of the enclosing describe block (or file). */
export function useHarness(options: HarnessOptions = {}): Harness {
  const harness = new Harness(options);
  beforeAll(async () => { await harness.start(); });
  afterAll(async () => { await harness.close(); });
  return harness;
}

/** Runs one test against its own harness (for options no other test shares), closing it afterwards. */
export async function withHarness<T>(options: HarnessOptions, test: (h: Harness) => Promise<T>): Promise<T> {
  const harness = await startHarness(options);
  try {
    return await test(harness);
  } finally {
    await harness.close();
  }
}
