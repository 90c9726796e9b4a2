// Command definitions: the XSOAR CommandResults clone and the shape every commands/<name>.ts exports.
import type { Logger } from 'pino';
import type { DarktraceClient } from '../darktrace/client.js';
import type { CatalogueCache } from '../metrics/catalogue.js';
import type { Access, Caller } from './access.js';
import type { ArgSpecs, InferArgs } from './args.js';
import type { StoreService } from '../store/service.js';

/** XSOAR `CommandResults` (soar-conventions §1.2), camelCased. */
export interface CommandResult {
  outputsPrefix?: string;
  outputsKeyField?: string | string[];
  outputs?: unknown;
  readableOutput?: string;
  rawResponse?: unknown;
}

/**
 * What the plugin provides every command, whoever invokes it. Built once at the composition root
 * (src/cli/runtime.ts `createServices`) and handed through the invoke pipeline unchanged, so a new capability
 * (a store, a cache) is one field here and its value there.
 */
export interface Services {
  /** The clock (injectable: tests pin "now"). */
  now(): Date;
  /** In a command: a child logger bound to the request id and command. Never log arguments or tokens. */
  logger: Logger;
  /** Each instance's metrics catalogue (GET /metrics), cached 10 minutes, keyed by the leased client (SPEC §10). */
  metricCatalogues: CatalogueCache;
  /**
   * The process's one descriptor store (SPEC §11), opened once by the composition root: `await ctx.store.get()`.
   * Function grants are checked by the caller of each store operation (its `authorize` hook, registry/access.ts).
   */
  store: StoreService;
}

/** What one invocation adds to the services (built by src/pipeline/invoke.ts only). */
export interface Invocation {
  /** The leased Darktrace client of the selected instance. */
  client: DarktraceClient;
  requestId: string;
  /** The caller's scope and function grants (never the key): commands check grants with registry/access.ts. */
  caller: Caller;
  /** fetch-incidents only: the caller's previous lastRun (`{}` on the first fetch). */
  lastRun?: unknown;
}

export type CommandContext = Services & Invocation;

/**
 * Bad input found by a command itself (cross-argument checks, parameters validated by an engine): the server
 * answers 400 INVALID_ARGUMENTS listing `errors`, exactly like argument-schema failures.
 */
export class ArgumentError extends Error {
  readonly code = 'INVALID_ARGUMENTS' as const;
  readonly errors: Array<{ path: string; message: string }>;
  constructor(errors: Array<{ path: string; message: string }>) {
    // Like the registry's own errors, every message names its argument first.
    const named = errors.map((e) => ({ path: e.path, message: e.message.startsWith(e.path) ? e.message : `${e.path}: ${e.message}` }));
    super(named.map((e) => e.message).join('; '));
    this.name = 'ArgumentError';
    this.errors = named;
  }
}

export type OutputType = 'String' | 'Number' | 'Boolean' | 'Date' | 'Unknown';
export interface OutputSpec {
  contextPath: string;
  type: OutputType;
  description: string;
}

export type CommandReturn = CommandResult | CommandResult[] | string;

export interface CommandDef<A extends ArgSpecs = ArgSpecs> {
  /** vendor-verb-noun, lowercase kebab case: `darktrace-get-similar-devices`. */
  name: string;
  description: string;
  /** Keyed by canonical argument name. */
  args: A;
  /**
   * The scope a key needs (SPEC §7): `read` reads Darktrace or the store, `write` changes Darktrace or submits
   * records, `admin` administers descriptors. write and admin are `execution: true` in integration.yml.
   */
  access: Access;
  outputs?: OutputSpec[];
  // Method syntax on purpose: keeps CommandDef<SpecificArgs> assignable to CommandDef<ArgSpecs>.
  run(args: InferArgs<A>, ctx: CommandContext): Promise<CommandReturn>;
}

/** Any command, as the registry and the server see it. */
export type CommandDefinition = CommandDef;

/** Identity with types: `args` in `run` is inferred from the arg specs. */
export function defineCommand<A extends ArgSpecs>(def: CommandDef<A>): CommandDef<A> {
  return def;
}

/** Arguments the XSOAR server itself handles; never declare them, ignore them when they arrive. */
export const RESERVED_ARGS: readonly string[] = [
  'using',
  'using-brand',
  'using-category',
  'raw-response',
  'extend-context',
  'ignore-outputs',
  'execution-timeout',
  'retry-count',
  'retry-interval',
  'polling',
  'auto-extract',
];
