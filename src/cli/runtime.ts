// The composition root: the only place (with the tests) that puts the command list, the registry, the
// services every command receives and the invoke pipeline together. The server, `demo` and `gen` use every
// command (createRegistry); the one-command CLI paths use ./invoker.ts's registryOf, which loads only theirs.
import { commands } from '../../commands/index.js';
import { Registry } from '../registry/registry.js';
import { parseApiKeys } from '../server/auth.js';
import type { ApiKey } from '../server/auth.js';
import { InstanceResolver, instanceFromEnv } from '../server/instances.js';
import type { DarktraceInstance } from '../darktrace/client.js';
import { OutboundPolicy } from '../darktrace/outbound-policy.js';

// What `run`, `fetch` and `collect` use lives in ./invoker.ts, which loads no command it does not run.
export { cliInvoker, createLogger, createServices, environmentClients, registryOf } from './invoker.js';

export function createRegistry(): Registry {
  return new Registry(commands);
}

/** The server's instances: the config file's (loaded, with its YAML parser, only when there is one) and the env's. */
export async function resolverFromEnvironment(options: { config?: string; env?: NodeJS.ProcessEnv } = {}): Promise<InstanceResolver> {
  const env = options.env ?? process.env;
  const configured = new Map<string, DarktraceInstance>();
  let defaultName: string | undefined;
  if (options.config) {
    const { loadInstancesFile } = await import('../server/instances-file.js');
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
