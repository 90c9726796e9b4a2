// The one way a command runs, whoever asks (the HTTP server, `run`, `fetch`, tests):
//   find it → check the caller's access → coerce the arguments → lease a Darktrace client → run it with the
//   context → normalise its results and build their war-room entries.
// Any failure becomes one ProblemInit, tagged with the stage it happened in: before `run` nothing was sent
// to Darktrace, so a caller (or a retry policy) knows a failed write did not happen.
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { DarktraceClient } from '../darktrace/client.js';
import { refusal } from '../registry/access.js';
import type { Caller, Requirement } from '../registry/access.js';
import type { CommandContext, CommandDefinition, CommandResult, Services } from '../registry/command.js';
import { normaliseResults, toEntry } from '../registry/entry.js';
import type { XsoarEntry } from '../registry/entry.js';
import type { Registry } from '../registry/registry.js';
import { withKeys } from '../util/json.js';
import { toProblemInit } from './problem.js';
import type { ProblemInit } from './problem.js';

/** Where clients come from: src/server/instances.ts's InstanceResolver, or anything shaped like it. */
export interface ClientSource {
  /** A client for the selected instance (a name, inline settings, or undefined for the default); may throw a Problem. */
  lease(selector: unknown): { client: DarktraceClient; release(): Promise<void> };
}

export interface InvokerOptions {
  registry: Registry;
  instances: ClientSource;
  services: Services;
}

export interface InvokeRequest {
  /** A command name (looked up in the registry) or the command itself. */
  command: string | CommandDefinition;
  /** Raw arguments as received (XSOAR strings or JSON types, aliases allowed). */
  args?: unknown;
  /** The instance selector: a configured name, inline settings, or undefined for the default instance. */
  instance?: unknown;
  caller: Caller;
  /** Generated when absent. */
  requestId?: string;
  /** fetch-incidents: the previous lastRun. */
  lastRun?: unknown;
}

/** `command` unknown, `access` refused, `arguments` invalid, `instance` not usable, `run` failed, `results` unrenderable. */
export type Stage = 'command' | 'access' | 'arguments' | 'instance' | 'run' | 'results';

export interface InvokedResult extends CommandResult {
  entry: XsoarEntry;
}

export type InvokeOutcome =
  | { ok: true; command: CommandDefinition; requestId: string; results: InvokedResult[]; durationMs: number }
  | {
    ok: false; command?: CommandDefinition; requestId: string; durationMs: number;
    stage: Stage; problem: ProblemInit;
    /** The original error (for logs; never sent to a caller). */
    error?: unknown;
  };

export interface Invoker {
  readonly registry: Registry;
  invoke(request: InvokeRequest): Promise<InvokeOutcome>;
}

/** The command by name, or the UNKNOWN_COMMAND problem with the closest name as a suggestion. */
export function findCommand(registry: Registry, name: string): { ok: true; command: CommandDefinition } | { ok: false; problem: ProblemInit } {
  const command = registry.get(name);
  if (command) return { ok: true, command };
  return { ok: false, problem: unknownCommand(name, registry.suggest(name)) };
}

/** The UNKNOWN_COMMAND problem for `name`, with the closest command name (Registry.suggest, closest) if any. */
export function unknownCommand(name: string, suggestion: string | undefined): ProblemInit {
  return { code: 'UNKNOWN_COMMAND', detail: `Unknown command "${name}".${suggestion ? ` Did you mean "${suggestion}"?` : ''}`, suggestion };
}

/**
 * Whether the caller may do it (a command: its access level against the caller's scope), as a 403 problem.
 * The HTTP server also asks before it reads a request body, so an under-privileged key cannot make it parse one.
 */
export function authorize(caller: Caller, needs: Requirement): ProblemInit | undefined {
  const refused = refusal(caller, needs);
  return refused === undefined ? undefined : { code: 'FORBIDDEN', detail: refused };
}

/**
 * The prototype of every CommandContext this invoker assembles: the services, and a `logger` getter that makes
 * the per-invocation child logger (bound to requestId and command) only if something logs — most invocations
 * never do. A prototype getter costs nothing per invocation; an object literal's getter or spread would.
 */
function contextPrototype(services: Services): object {
  return Object.create(services, {
    logger: {
      get(this: { requestId: string; commandName: string; childLogger?: Logger }) {
        return (this.childLogger ??= services.logger.child({ requestId: this.requestId, command: this.commandName }));
      },
    },
  });
}

export function createInvoker({ registry, instances, services }: InvokerOptions): Invoker {
  const proto = contextPrototype(services);
  return {
    registry,
    async invoke(request) {
      const started = performance.now();
      const requestId = request.requestId ?? randomUUID();
      const elapsed = () => Math.round(performance.now() - started);
      const fail = (stage: Stage, problem: ProblemInit, command?: CommandDefinition, error?: unknown): InvokeOutcome =>
        ({ ok: false, command, requestId, stage, problem, error, durationMs: elapsed() });

      let command: CommandDefinition;
      if (typeof request.command === 'string') {
        const found = findCommand(registry, request.command);
        if (!found.ok) return fail('command', found.problem);
        command = found.command;
      } else {
        command = request.command;
      }
      const denied = authorize(request.caller, { access: command.access });
      if (denied) return fail('access', denied, command);
      const parsed = registry.parseArgs(command, request.args ?? {});
      if (!parsed.ok) {
        return fail('arguments', { code: 'INVALID_ARGUMENTS', detail: parsed.errors.map((e) => e.message).join('; '), errors: parsed.errors }, command);
      }

      // The one place a CommandContext is assembled: every service field reaches every command (from the prototype).
      const ctx = Object.create(proto) as CommandContext & { commandName: string };
      ctx.requestId = requestId;
      ctx.commandName = command.name;
      ctx.caller = request.caller;
      ctx.lastRun = request.lastRun;
      let stage: Stage = 'instance';
      try {
        const lease = instances.lease(request.instance);
        let results: InvokedResult[];
        try {
          stage = 'run';
          ctx.client = lease.client;
          const returned = await command.run(parsed.args, ctx);
          stage = 'results';
          results = normaliseResults(returned).map((r) => withKeys(r, { entry: toEntry(r) }));
        } finally {
          await lease.release().catch((err: unknown) => ctx.logger.warn({ err }, 'releasing the Darktrace client failed'));
        }
        return { ok: true, command, requestId, results, durationMs: elapsed() };
      } catch (err) {
        // A command that changes Darktrace may have done so before failing: the mapping decides retryable with that in mind.
        let problem = toProblemInit(err, { writes: command.access !== 'read' });
        // A command's own argument checks name canonical arguments; the caller may have used an alias.
        if (problem.code === 'INVALID_ARGUMENTS' && problem.errors) {
          const errors = registry.respell(command, request.args, problem.errors);
          if (errors.some((e, i) => e.message !== problem.errors![i].message || e.path !== problem.errors![i].path)) {
            problem = { ...problem, errors, detail: errors.map((e) => e.message).join('; ') };
          }
        }
        if (problem.code === 'INTERNAL') ctx.logger.error({ err, stage }, 'command failed');
        return fail(stage, problem, command, err);
      }
    },
  };
}
