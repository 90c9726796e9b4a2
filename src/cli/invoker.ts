// The CLI's invoke pipeline without the command list: `run`, `fetch` and `collect` build a registry of the
// commands they run (registryOf), each loaded from its own module (commands/catalogue.ts), so a CLI run
// compiles and evaluates one command and what it imports, not all of them (docs/PERFORMANCE.md).
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import type { Logger } from 'pino';
import { commandModules } from '../../commands/catalogue.js';
import type { Services } from '../registry/command.js';
import { closest, Registry } from '../registry/registry.js';
import { createInvoker, unknownCommand } from '../pipeline/invoke.js';
import type { ClientSource, Invoker } from '../pipeline/invoke.js';
import { Problem } from '../pipeline/problem.js';
import { instanceFromEnv } from '../server/instances.js';
import { DarktraceClient } from '../darktrace/client.js';
import { CatalogueCache } from '../metrics/catalogue.js';
import { storeService, type StoreService } from '../store/service.js';
import type { DarktraceInstance } from '../darktrace/client.js';

/**
 * For one-shot processes (`run`, `fetch`): WebAssembly (undici's HTTP parser) is compiled by V8's baseline compiler
 * only. Otherwise V8 also optimises the parser with TurboFan in the background, and the process cannot exit until
 * that finishes: ~150 ms between the last output line and the exit on this machine, for a parser that reads one
 * answer (bench/PERFORMANCE-notes.md). Must run before the first request; long-running processes keep the default.
 */
export function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}

/**
 * A registry of the named commands only, each loaded on demand. An unknown name is the UNKNOWN_COMMAND problem
 * (with the closest known name) that invoking it through the full registry would give.
 */
export async function registryOf(names: readonly string[]): Promise<Registry> {
  const known = Object.keys(commandModules);
  const unknown = names.find((name) => !Object.hasOwn(commandModules, name));
  if (unknown !== undefined) throw new Problem(unknownCommand(unknown, closest(unknown, known)));
  return new Registry(await Promise.all(names.map(async (name) => (await commandModules[name]()).default)));
}

// pino is loaded when the first logger is made, not with this module: `run` and `fetch` make theirs only when
// something logs (a warning, an error), and loading pino is ~30 ms of a CLI start. A plain require (pino is
// CommonJS) keeps it out of the bundle's eagerly evaluated chunks.
const requireHere = createRequire(import.meta.url);
const loadPino = (): typeof import('pino').default => requireHere('pino');

/**
 * JSON logs to stdout (`serve`) or, for the CLI's `run` and `fetch` whose stdout is their output, to stderr.
 * `sync: false` (the server): lines are queued and written in batches, so a request never waits on a write;
 * the caller flushes before it exits.
 */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination: 1 | 2 = 1, options: { sync?: boolean } = {}): Logger {
  const pino = loadPino();
  return pino({
    level,
    // Belt and braces: nothing logs these, and if something ever does they are masked.
    redact: { paths: ['*.privateToken', '*.private_api_token', '*.authorization', 'req.headers.authorization', '*.instance.privateToken'], censor: '[redacted]' },
  }, pino.destination({ dest: destination, sync: options.sync ?? true }));
}

/**
 * Everything a command receives besides its client and request: a new capability (a store, a cache) is one
 * field of `Services` (src/registry/command.ts) and its value here.
 */
export function createServices(options: { logger: Logger; now?: () => Date; store: StoreService }): Services {
  const now = options.now ?? (() => new Date());
  return { logger: options.logger, now, metricCatalogues: new CatalogueCache({ now: () => now().getTime() }), store: options.store };
}

const NO_INSTANCE = 'No Darktrace instance: set DARKTRACE_URL, DARKTRACE_PUBLIC_TOKEN and DARKTRACE_PRIVATE_TOKEN (for the emulator: ./bin/darktrace-soar emulator --port 8443, then DARKTRACE_URL=http://127.0.0.1:8443 with demo-public / demo-private).';

/**
 * The CLI's clients (`run`, `fetch`): the environment's instance, read when the command first needs it, so
 * a bad argument is still reported first.
 */
export function environmentClients(env: NodeJS.ProcessEnv = process.env): ClientSource & { close(): Promise<void> } {
  let client: DarktraceClient | undefined;
  return {
    lease() {
      if (!client) {
        let instance: DarktraceInstance | undefined;
        try {
          instance = instanceFromEnv(env);
        } catch (err) {
          throw new Problem({ code: 'INVALID_ARGUMENTS', detail: (err as Error).message, errors: [{ path: 'instance', message: 'invalid environment' }] });
        }
        if (!instance) throw new Problem({ code: 'INVALID_ARGUMENTS', detail: NO_INSTANCE, errors: [{ path: 'instance', message: 'not configured' }] });
        client = new DarktraceClient(instance);
      }
      return { client, release: async () => {} };
    },
    close: async () => client?.close(),
  };
}

/**
 * The CLI's pipeline: the local operator's, with logs on stderr (stdout is the command's output). The store
 * (DARKTRACE_SOAR_STORE) opens only when a command first uses it; `close()` closes it if it did. The logger is
 * made on first use too (see loadPino): most runs log nothing.
 */
export function cliInvoker(instances: ClientSource, registry: Registry, store: StoreService = storeService()): Invoker & { close(): Promise<void> } {
  const services = createServices({ logger: undefined as unknown as Logger, store });
  let logger: Logger | undefined;
  Object.defineProperty(services, 'logger', { enumerable: true, get: () => (logger ??= createLogger(process.env.LOG_LEVEL ?? 'warn', 2)) });
  const invoker = createInvoker({ registry, instances, services });
  return { ...invoker, close: () => store.close() };
}

