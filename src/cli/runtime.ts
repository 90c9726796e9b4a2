// The composition root: the only place (with the tests) that puts the command list, the registry, the
// services every command receives and the invoke pipeline together.
import pino from 'pino';
import type { Logger } from 'pino';
import { commands } from '../../commands/index.js';
import type { Services } from '../registry/command.js';
import { Registry } from '../registry/registry.js';
import { createInvoker } from '../pipeline/invoke.js';
import type { ClientSource, Invoker } from '../pipeline/invoke.js';
import { Problem } from '../pipeline/problem.js';
import { parseApiKeys } from '../server/auth.js';
import type { ApiKey } from '../server/auth.js';
import { InstanceResolver, instanceFromEnv, loadInstancesFile } from '../server/instances.js';
import { DarktraceClient } from '../darktrace/client.js';
import { CatalogueCache } from '../metrics/catalogue.js';
import { storeService, type StoreService } from '../store/service.js';
import type { DarktraceInstance } from '../darktrace/client.js';
import { OutboundPolicy } from '../darktrace/outbound-policy.js';

export function createRegistry(): Registry {
  return new Registry(commands);
}

/** JSON logs to stdout (`serve`) or, for the CLI's `run` and `fetch` whose stdout is their output, to stderr. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination: 1 | 2 = 1) {
  return pino({
    level,
    // Belt and braces: nothing logs these, and if something ever does they are masked.
    redact: { paths: ['*.privateToken', '*.private_api_token', '*.authorization', 'req.headers.authorization', '*.instance.privateToken'], censor: '[redacted]' },
  }, pino.destination(destination));
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
 * (DARKTRACE_SOAR_STORE) opens only when a command first uses it; `close()` closes it if it did.
 */
export function cliInvoker(instances: ClientSource, store: StoreService = storeService()): Invoker & { close(): Promise<void> } {
  const invoker = createInvoker({ registry: createRegistry(), instances, services: createServices({ logger: createLogger(process.env.LOG_LEVEL ?? 'warn', 2), store }) });
  return { ...invoker, close: () => store.close() };
}

export function resolverFromEnvironment(options: { config?: string; env?: NodeJS.ProcessEnv } = {}): InstanceResolver {
  const env = options.env ?? process.env;
  const configured = new Map<string, DarktraceInstance>();
  let defaultName: string | undefined;
  if (options.config) {
    const loaded = loadInstancesFile(options.config);
    for (const [name, instance] of loaded.instances) configured.set(name, instance);
    defaultName = loaded.defaultName;
  }
  const fromEnv = instanceFromEnv(env);
  if (fromEnv) {
    configured.set('default', fromEnv);
    defaultName ??= 'default';
  }
  return new InstanceResolver(configured, {
    defaultName,
    allowInline: /^(true|yes|1)$/i.test(env.DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES ?? ''),
    outbound: OutboundPolicy.fromEnv(env),
  });
}

export function apiKeysFromEnvironment(env: NodeJS.ProcessEnv = process.env): ApiKey[] {
  const spec = env.DARKTRACE_SOAR_API_KEYS ?? '';
  const keys = parseApiKeys(spec);
  if (keys.length === 0) {
    throw new Error('No API keys: set DARKTRACE_SOAR_API_KEYS="<key>:<scope>[,<key>:<scope>…]" (scopes read, write, admin).');
  }
  return keys;
}
