// In-process cost of a command without the network: the invoke pipeline (access, argument coercion, the
// command's run with its zod validation of the answer and its transform, the war-room entry) against a client
// that answers from memory. Two parts:
//   1. the captured fixtures (connection-info, similar-devices with its 2 devices), µs per invocation;
//   2. `--case <name>:<n>`: the same commands on answers of 10 → 100,000 items (devices; graph points), time
//      per invocation and the heap the outcome retains (--expose-gc: live data, not garbage), one process a row.
// Run by bench/performance.ts (`npm run bench`), compiled with esbuild as dist/ is; alone, from the repository root (tsx adds
// its own per-closure cost, so expect slower figures): node --expose-gc --import tsx bench/transforms.ts [--case similar-devices:1000]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { acceptsAsIs } from '../src/darktrace/as-is.js';
import { commands } from '../commands/index.js';
import type { DarktraceClient } from '../src/darktrace/client.js';
import { createInvoker } from '../src/pipeline/invoke.js';
import { LOCAL_OPERATOR } from '../src/registry/access.js';
import { Registry } from '../src/registry/registry.js';
import pino from 'pino';
import { createServices } from '../src/cli/runtime.js';
import { memoryStore } from '../test/helpers/store.js';

// From the working directory (the repository root): bench/performance.ts runs this file compiled, from elsewhere.
const fixture = (name: string) => JSON.parse(readFileSync(join(process.cwd(), 'src/emulator/fixtures', name), 'utf8'));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');

/** A client that answers every call from `answer` (validated with the endpoint's schema, as the real one does). */
function memoryClient(answer: () => unknown): DarktraceClient {
  const validated = (schema: z.ZodType, value: unknown) => (acceptsAsIs(schema)(value) ? value : schema.parse(value));
  const reply = async (_path: string, _q: unknown, schema?: z.ZodType) => (schema ? validated(schema, answer()) : answer());
  return { get: reply, delete: reply, postJson: reply, postForm: reply, close: async () => {} } as unknown as DarktraceClient;
}

const registry = new Registry(commands);
const invokerFor = (answer: () => unknown) => {
  const client = memoryClient(answer);
  return createInvoker({ registry, instances: { lease: () => ({ client, release: async () => {} }) }, services: createServices({ logger: pino({ level: 'silent' }), now: () => new Date(1_700_000_000_000), store: memoryStore() }) });
};

const CASES = {
  'connection-info': { command: 'darktrace-get-device-connection-info', args: { did: '1', data_type: 'co' } },
  'similar-devices': { command: 'darktrace-get-similar-devices', args: { did: '1', max_results: '5' } },
} as const;

async function perOp(name: keyof typeof CASES, answer: () => unknown, minMs = 1500): Promise<number> {
  const invoker = invokerFor(answer);
  const { command, args } = CASES[name];
  const once = async () => {
    const outcome = await invoker.invoke({ command, args, caller: LOCAL_OPERATOR });
    if (!outcome.ok) throw new Error(`${name}: ${outcome.problem.detail}`);
    return outcome;
  };
  for (let i = 0; i < 200; i++) await once();
  let n = 0;
  const started = performance.now();
  while (performance.now() - started < minMs) {
    for (let i = 0; i < 100; i++) await once();
    n += 100;
  }
  return ((performance.now() - started) * 1000) / n;
}

const conn = fixture('conn_info.json');
const similar = fixture('similar_devices.json');

/** N items: similar devices (copies of the fixture's, distinct dids), or one device's graph of N hourly points. */
function scaled(name: keyof typeof CASES, n: number): unknown {
  if (name === 'similar-devices') return Array.from({ length: n }, (_, i) => ({ ...similar[i % 2], did: 100 + i }));
  const base = conn.deviceInfo[0];
  const start = 1_598_302_800_000;
  return { deviceInfo: [{ ...base, graphData: Array.from({ length: n }, (_, i) => ({ time: start + i * 3_600_000, count: (i * 7919) % 500 })) }] };
}

// `--case <name>:<n>`: one scaling row, in a process of its own (so no earlier row's data is in the heap).
const caseArg = process.argv.indexOf('--case');
if (caseArg === -1) {
  console.log(JSON.stringify({
    'connection-info': await perOp('connection-info', () => conn),
    'similar-devices': await perOp('similar-devices', () => similar),
  }));
} else {
  const [name, size] = process.argv[caseArg + 1].split(':') as [keyof typeof CASES, string];
  const n = Number(size);
  const answer = scaled(name, n);
  const invoker = invokerFor(() => answer);
  const { command } = CASES[name];
  const args = name === 'similar-devices' ? { did: '1', max_results: String(Math.min(n, 1000)) } : CASES[name].args;
  const reps = Math.max(3, Math.min(200, Math.round(20_000 / n)));
  // Retained first, on a heap that has seen no other outcome: the heap with this one held, after full GCs.
  gc(); gc();
  const before = process.memoryUsage().heapUsed;
  const kept = await invoker.invoke({ command, args, caller: LOCAL_OPERATOR });
  if (!kept.ok) throw new Error(kept.problem.detail);
  gc(); gc();
  const retainedMb = (process.memoryUsage().heapUsed - before) / 1024 / 1024;
  const started = performance.now();
  for (let i = 0; i < reps; i++) await invoker.invoke({ command, args, caller: LOCAL_OPERATOR });
  const msTotal = (performance.now() - started) / reps;
  console.log(JSON.stringify({ name, n, msTotal, usPerItem: (msTotal * 1000) / n, retainedMb, keptResults: kept.results.length }));
}
