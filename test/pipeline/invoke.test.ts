// The invoke pipeline against the emulator over HTTP: each stage's outcome, what reached Darktrace (the
// emulator's recorded requests), the context every command receives, and that leases are always released.
import { memoryStore } from '../helpers/store.js';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.js';
import { createInvoker, type ClientSource, type InvokeOutcome } from '../../src/pipeline/invoke.js';
import { LOCAL_OPERATOR, Registry, defineCommand, toEntry, type Caller, type CommandContext, type Services } from '../../src/registry/index.js';
import { InstanceResolver } from '../../src/server/instances.js';
import { useEmulator } from '../helpers/emulator.js';
import { received } from '../helpers/received.js';
import { CatalogueCache } from '../../src/metrics/catalogue.js';

const NOW = new Date('2024-03-01T12:00:00.000Z');
const reader: Caller = { scope: 'read', functions: new Set(['viewMetric']) };

/** Everything the probe command saw, so the test can inspect the context it was given. */
let seen: CommandContext | undefined;
const probe = defineCommand({
  name: 'probe-context',
  description: 'Returns what it was given.',
  access: 'read',
  args: {},
  async run(_args, ctx) {
    seen = ctx;
    ctx.logger.info({ note: 'from the command' }, 'probe ran');
    return 'ok';
  },
});
const broken = defineCommand({
  name: 'probe-broken', description: 'Throws a bug.', access: 'read', args: {},
  async run() {
    throw new TypeError('cannot read properties of undefined');
  },
});
const unrenderable = defineCommand({
  name: 'probe-unrenderable', description: 'Outputs a list without a prefix.', access: 'write', args: {},
  async run() {
    return { outputs: [1, 2] };
  },
});

/** A ClientSource that counts leases and releases around the real resolver. */
function counting(inner: ClientSource) {
  const counts = { leased: 0, released: 0 };
  const source: ClientSource = {
    lease(selector) {
      const lease = inner.lease(selector);
      counts.leased++;
      return { client: lease.client, release: async () => { counts.released++; await lease.release(); } };
    },
  };
  return { source, counts };
}

describe('invoke', () => {
  const emulator = useEmulator();
  let resolver: InstanceResolver;
  const logLines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => { logLines.push(JSON.parse(line)); } });
  const services: Services = { logger, now: () => NOW, metricCatalogues: new CatalogueCache({ now: () => NOW.getTime() }), store: memoryStore() };
  const registry = new Registry([...commands, probe, broken, unrenderable]);

  beforeAll(() => {
    const instance = { name: 'test', url: emulator.url, publicToken: 'demo-public', privateToken: 'demo-private', retries: 0, timeoutMs: 5_000 };
    resolver = new InstanceResolver(new Map([['test', instance], ['wrong', { ...instance, name: 'wrong', privateToken: 'wrong-private' }]]), { defaultName: 'test', allowInline: false });
  });
  afterAll(async () => {
    await resolver.close();
  });

  const setup = () => {
    const { source, counts } = counting(resolver);
    emulator.emulator.clearRequests();
    logLines.length = 0;
    return { invoker: createInvoker({ registry, instances: source, services }), counts };
  };
  const failed = (outcome: InvokeOutcome) => {
    if (outcome.ok) throw new Error('expected a failure');
    return outcome;
  };

  it('runs a command: results with their war-room entries, the exact signed request, the lease released', async () => {
    const { invoker, counts } = setup();
    const outcome = await invoker.invoke({ command: 'darktrace-get-similar-devices', args: { deviceId: '1', max_results: '2' }, caller: reader, requestId: 'req-1' });
    if (!outcome.ok) throw new Error(outcome.problem.detail);
    expect(outcome.requestId).toBe('req-1');
    expect(outcome.command.name).toBe('darktrace-get-similar-devices');
    expect(outcome.results).toHaveLength(1);
    const [result] = outcome.results;
    expect(result.outputsPrefix).toBe('Darktrace.SimilarDevices');
    const { entry, ...plain } = result;
    expect(entry).toEqual(toEntry(plain));
    expect(entry.HumanReadable?.split('\n')[0]).toBe('### Similar devices of device 1');
    expect(Number.isInteger(outcome.durationMs) && outcome.durationMs >= 0).toBe(true);

    // Signed with the instance's tokens over exactly what was sent (checked by received()).
    expect(received(emulator.emulator.requests)).toEqual([{ method: 'GET', path: '/similardevices', query: 'did=1&count=2', body: '' }]);
    expect(counts).toEqual({ leased: 1, released: 1 });
  });

  it('generates a request id when none is given', async () => {
    const { invoker } = setup();
    const outcome = await invoker.invoke({ command: 'probe-context', caller: reader });
    expect(outcome.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('an unknown command: stage "command" with the closest name, nothing leased or sent', async () => {
    const { invoker, counts } = setup();
    const outcome = failed(await invoker.invoke({ command: 'darktrace-get-similar-device', args: { did: 1 }, caller: reader }));
    expect(outcome.stage).toBe('command');
    expect(outcome.command).toBeUndefined();
    expect(outcome.problem).toEqual({ code: 'UNKNOWN_COMMAND', detail: 'Unknown command "darktrace-get-similar-device". Did you mean "darktrace-get-similar-devices"?', suggestion: 'darktrace-get-similar-devices' });
    expect(counts.leased).toBe(0);
    expect(received(emulator.emulator.requests)).toEqual([]);
  });

  it('access is checked before anything else: a read key on a write command sends nothing', async () => {
    const { invoker, counts } = setup();
    const outcome = failed(await invoker.invoke({ command: 'darktrace-post-tag-to-device', args: { deviceId: 'not a number' }, caller: reader }));
    expect(outcome.stage).toBe('access');
    expect(outcome.problem).toEqual({ code: 'FORBIDDEN', detail: 'This API key has the "read" scope; this request needs "write".' });
    expect(counts.leased).toBe(0);
    expect(received(emulator.emulator.requests)).toEqual([]);
  });

  it('bad arguments: stage "arguments", every one named, nothing leased or sent', async () => {
    const { invoker, counts } = setup();
    const outcome = failed(await invoker.invoke({ command: 'darktrace-get-similar-devices', args: { did: 'abc', bogus: 1 }, caller: LOCAL_OPERATOR }));
    expect(outcome.stage).toBe('arguments');
    expect(outcome.problem.code).toBe('INVALID_ARGUMENTS');
    expect(outcome.problem.errors?.map((e) => e.path).sort()).toEqual(['bogus', 'did']);
    expect(outcome.problem.detail).toBe(outcome.problem.errors!.map((e) => e.message).join('; '));
    expect(counts.leased).toBe(0);
    expect(received(emulator.emulator.requests)).toEqual([]);
  });

  it('an unusable instance: stage "instance", the resolver\'s problem', async () => {
    const { invoker } = setup();
    const outcome = failed(await invoker.invoke({ command: 'darktrace-get-similar-devices', args: { did: 1 }, instance: 'prod', caller: reader }));
    expect(outcome.stage).toBe('instance');
    expect(outcome.problem).toMatchObject({ code: 'INVALID_ARGUMENTS', detail: 'Unknown Darktrace instance "prod". Configured: test, wrong.' });
    expect(received(emulator.emulator.requests)).toEqual([]);
  });

  it('a Darktrace failure: stage "run", the client\'s message as the problem, the lease still released', async () => {
    const { invoker, counts } = setup();
    const outcome = failed(await invoker.invoke({ command: 'darktrace-get-similar-devices', args: { did: 1 }, instance: 'wrong', caller: reader }));
    expect(outcome.stage).toBe('run');
    expect(outcome.problem).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: false, upstreamStatus: 400 });
    expect(outcome.problem.detail).toContain('Darktrace rejected the API credentials');
    expect(outcome.problem.detail).not.toContain('wrong-private');
    expect(emulator.emulator.requests).toHaveLength(1);
    expect(counts).toEqual({ leased: 1, released: 1 });
  });

  it('a bug in a command: INTERNAL with a generic detail, logged once with the request id, the error kept for the caller', async () => {
    const { invoker, counts } = setup();
    const outcome = failed(await invoker.invoke({ command: 'probe-broken', caller: reader, requestId: 'req-bug' }));
    expect(outcome.stage).toBe('run');
    expect(outcome.problem).toEqual({ code: 'INTERNAL', detail: 'Internal error in the Darktrace SOAR plugin; see the server log for this request id.' });
    expect((outcome.error as Error).message).toBe('cannot read properties of undefined');
    const errors = logLines.filter((l) => l.level === 50);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ requestId: 'req-bug', command: 'probe-broken', stage: 'run', msg: 'command failed' });
    expect(counts).toEqual({ leased: 1, released: 1 });
  });

  it('results that cannot become an entry: stage "results" (the command did run)', async () => {
    const { invoker } = setup();
    const outcome = failed(await invoker.invoke({ command: 'probe-unrenderable', caller: LOCAL_OPERATOR }));
    expect(outcome.stage).toBe('results');
    expect(outcome.problem.code).toBe('INTERNAL');
    expect((outcome.error as Error).message).toBe('outputsPrefix is missing');
  });

  it('the context: every service, the leased client, the request id, the caller and lastRun; a per-request logger', async () => {
    const { source } = counting(resolver);
    const extended = { ...services, cache: { name: 'a later capability' } } as unknown as Services;
    const invoker = createInvoker({ registry, instances: source, services: extended });
    logLines.length = 0;
    seen = undefined;
    const lastRun = { time: '1' };
    const outcome = await invoker.invoke({ command: 'probe-context', caller: reader, requestId: 'req-ctx', lastRun });
    expect(outcome.ok).toBe(true);
    expect(seen!.now()).toEqual(NOW);
    expect(seen!.requestId).toBe('req-ctx');
    expect(seen!.caller).toBe(reader);
    expect(seen!.lastRun).toBe(lastRun);
    expect(typeof seen!.client.get).toBe('function');
    // A new service field reaches commands without touching the pipeline.
    expect((seen as unknown as { cache: unknown }).cache).toEqual({ name: 'a later capability' });
    expect(seen!.store).toBe(services.store);
    expect(logLines).toEqual([expect.objectContaining({ requestId: 'req-ctx', command: 'probe-context', note: 'from the command', msg: 'probe ran' })]);
  });

  it('accepts the command itself as well as its name', async () => {
    const { invoker } = setup();
    const outcome = await invoker.invoke({ command: probe, caller: reader });
    expect(outcome.ok && outcome.results[0].readableOutput).toBe('ok');
  });
});
