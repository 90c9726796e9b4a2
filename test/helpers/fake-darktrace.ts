// The typed fake for running a command with answers the emulator never gives (nulls, refusals, timeouts):
// the real DarktraceClient — signing, error mapping, response schemas — talking to a scripted loopback
// appliance. No hand-built client or context: `ctx` is a CommandContext, and what the fake records is
// what Darktrace would have received.
//
//   const dt = useFakeDarktrace();
//   dt.script(json(200, [{ did: 7, score: null }]));
//   const result = await command.run(args, dt.ctx);
//   expect(dt.received()).toEqual([{ method: 'GET', path: '/similardevices', query: 'did=1&count=5', body: '' }]);
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import { createServices } from '../../src/cli/runtime.js';
import { memoryStore } from './store.js';
import { DarktraceClient, type DarktraceInstance } from '../../src/darktrace/client.js';
import { LOCAL_OPERATOR } from '../../src/registry/access.js';
import type { CommandContext } from '../../src/registry/index.js';
import { received, type Received, type WireRequest } from './received.js';
import { startServer, type Handler, type Recorded, type TestServer } from './scripted-server.js';

export { hang, json, reset, text, type Handler } from './scripted-server.js';

function asWire(r: Recorded): WireRequest {
  const at = r.url.indexOf('?');
  return {
    method: r.method,
    path: at < 0 ? r.url : r.url.slice(0, at),
    rawQuery: at < 0 ? '' : r.url.slice(at + 1),
    body: r.body,
    headers: r.headers,
  };
}

export class FakeDarktrace {
  private server?: TestServer;
  private darktrace?: DarktraceClient;
  private context?: CommandContext;

  /** `instance` overrides the client's settings (a short timeoutMs, retries). */
  constructor(private readonly instance: Partial<DarktraceInstance> = {}) {}

  async start(): Promise<this> {
    this.server = await startServer();
    this.darktrace = new DarktraceClient({
      url: this.server.base, publicToken: 'demo-public', privateToken: 'demo-private', timeoutMs: 5_000, ...this.instance,
    });
    // What the invoke pipeline hands a command, run by the local operator (as `darktrace-soar run` does).
    this.context = {
      ...createServices({ logger: pino({ level: 'silent' }), store: memoryStore() }),
      client: this.darktrace, requestId: 'fake-request', caller: LOCAL_OPERATOR,
    };
    return this;
  }

  private get live() {
    if (!this.server || !this.darktrace || !this.context) throw new Error('The fake appliance is not running: use it inside a test.');
    return { server: this.server, client: this.darktrace, ctx: this.context };
  }

  get client(): DarktraceClient { return this.live.client; }
  get ctx(): CommandContext { return this.live.ctx; }

  /** Sets the answers to the requests that follow, in turn (the last one answers all further ones), and forgets those recorded so far. */
  script(...handlers: Handler[]): void {
    const { server } = this.live;
    server.requests.length = 0;
    server.respond(...handlers);
  }

  /** What the fake appliance received since the last script(), each request's signature checked. */
  received(): Received[] {
    return received(this.live.server.requests.map(asWire));
  }

  async close(): Promise<void> {
    await this.darktrace?.close();
    await this.server?.close();
    this.server = this.darktrace = this.context = undefined;
  }
}

/** One fake appliance for the enclosing describe block; script it per test. */
export function useFakeDarktrace(instance: Partial<DarktraceInstance> = {}): FakeDarktrace {
  const fake = new FakeDarktrace(instance);
  beforeAll(async () => { await fake.start(); });
  afterAll(async () => { await fake.close(); });
  return fake;
}
