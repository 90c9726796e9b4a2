// The composition root: the only place (with the tests) that puts the command list, the registry and the
// fetch engine together.
import pino from 'pino';
import { commands } from '../../commands/index.js';
import { Registry } from '../registry/registry.js';
import { parseApiKeys } from '../server/auth.js';
import type { ApiKey } from '../server/auth.js';
import { InstanceResolver, instanceFromEnv, loadInstancesFile } from '../server/instances.js';
import type { DarktraceInstance } from '../darktrace/client.js';
import { OutboundPolicy } from '../darktrace/outbound-policy.js';

export function createRegistry(): Registry {
  return new Registry(commands);
}

export function createLogger(level = process.env.LOG_LEVEL ?? 'info') {
  return pino({
    level,
    // Belt and braces: nothing logs these, and if something ever does they are masked.
    redact: { paths: ['*.privateToken', '*.private_api_token', '*.authorization', 'req.headers.authorization', '*.instance.privateToken'], censor: '[redacted]' },
  });
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
