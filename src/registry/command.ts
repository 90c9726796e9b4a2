// Command definitions: the XSOAR CommandResults clone and the shape every commands/<name>.ts exports.
import type { DarktraceClient } from '../darktrace/client.js';
import type { ArgSpecs, InferArgs } from './args.js';

/** XSOAR `CommandResults` (soar-conventions §1.2), camelCased. */
export interface CommandResult {
  outputsPrefix?: string;
  outputsKeyField?: string | string[];
  outputs?: unknown;
  readableOutput?: string;
  rawResponse?: unknown;
}

export interface CommandContext {
  client: DarktraceClient;
  requestId: string;
  now(): Date;
  /** fetch-incidents only: the caller's previous lastRun (`{}` on the first fetch). */
  lastRun?: unknown;
}

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
  /** true = changes Darktrace (needs the `write` scope; `execution: true` in integration.yml). */
  execution?: boolean;
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
