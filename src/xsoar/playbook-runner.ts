// A small XSOAR playbook runner for tests: it walks a playbook from its start task, runs each Darktrace task
// through the HTTP endpoint, merges the entries' EntryContext into the context the way XSOAR does (DT keys
// `Prefix(val.k && val.k == obj.k)` update the matching item or append), evaluates condition tasks against
// that context, lets the caller answer manual conditions, and reports the path taken.
//
// Supported: start/title/section (pass-through), regular tasks running `DarktraceSOAR|||<command>` or the
// automations Set and Print, builtin condition tasks (the operators in CONDITION_OPERATORS), manual condition
// tasks (answers given by the caller), `${incident.…}`, `${inputs.…}` and context references, and XSOAR's
// implicit loop: a list given to an argument that is not isArray runs the command once per item.
// Not supported (the checker rejects them): sub-playbooks, transformers and filters, DT selectors in paths.
import type { Registry } from '../registry/registry.js';
import {
  checkPlaybook, commandOf, type ConditionClause, type ConditionOperand, type Playbook, type PlaybookTask, type ValueRef,
} from './playbook.js';
import { isObject } from '../util/json.js';

export type Context = Record<string, unknown>;

/** A war-room entry as the endpoint returns it (results[i].entry). */
export interface EntryLike {
  Type: number;
  Contents?: unknown;
  HumanReadable?: string | null;
  EntryContext?: Record<string, unknown> | null;
}

/** Runs one command; resolves with its entries, rejects with CommandFailed. */
export type CommandExecutor = (command: string, args: Record<string, unknown>) => Promise<EntryLike[]>;

export class CommandFailed extends Error {
  constructor(readonly command: string, readonly status: number, message: string, readonly body?: unknown) {
    super(message);
  }
}

export class PlaybookRunError extends Error {
  constructor(message: string, readonly path: string[], readonly context: Context) {
    super(message);
  }
}

/** POST <url>/v1/commands/<command> with a bearer key and view entry, as the XSOAR shim does; entries of every result. */
export function httpExecutor(options: { url: string; apiKey: string; instance?: unknown }): CommandExecutor {
  return async (command, args) => {
    const response = await fetch(`${options.url}/v1/commands/${encodeURIComponent(command)}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${options.apiKey}`, 'Content-Type': 'application/json' },
      // The entry view, as the shim asks for it.
      body: JSON.stringify(options.instance === undefined ? { args, view: 'entry' } : { args, instance: options.instance, view: 'entry' }),
    });
    const body = (await response.json().catch(() => undefined)) as
      | { results?: Array<{ entry: EntryLike }>; entry?: { Contents?: string }; detail?: string }
      | undefined;
    if (!response.ok || !Array.isArray(body?.results)) {
      const message = body?.entry?.Contents ?? body?.detail ?? `HTTP ${response.status}`;
      throw new CommandFailed(command, response.status, message, body);
    }
    return body.results.map((r) => r.entry);
  };
}

// ---------------------------------------------------------------------------------------------- context

const asList = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** XSOAR's `val.k == obj.k`: JavaScript loose equality, for the scalars context keys hold. */
function looseEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === undefined || a === null || b === undefined || b === null) return false;
  if (typeof a === 'object' || typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return String(a) === String(b);
}

/** Splits `Prefix(val.a && val.a == obj.a && …)` into the prefix and the key fields; no selector → no keys. */
export function parseContextKey(key: string): { path: string; keys: string[] | undefined } {
  const open = key.indexOf('(');
  if (open < 0 || !key.endsWith(')')) return { path: key, keys: undefined };
  const selector = key.slice(open + 1, -1).trim();
  const keys = [...selector.matchAll(/val\.([\w.]+)\s*==\s*obj\.([\w.]+)/g)].filter((m) => m[1] === m[2]).map((m) => m[1]);
  if (keys.length === 0 && selector !== 'true') throw new Error(`Unsupported context selector in ${key}`);
  return { path: key.slice(0, open), keys };
}

/** The values at a dotted path; lists met on the way are walked through (XSOAR flattens them). */
export function getPath(root: unknown, path: string): unknown {
  if (path === '') return root;
  if (path.includes('(')) throw new Error(`Context selectors are not supported by the runner: ${path}`);
  let current: unknown[] = [root];
  let single = true;
  for (const segment of path.split('.')) {
    const next: unknown[] = [];
    for (const item of current) {
      for (const element of Array.isArray(item) ? item : [item]) {
        if (Array.isArray(item)) single = false;
        if (isObject(element) && Object.hasOwn(element, segment) && element[segment] !== undefined) next.push(element[segment]);
      }
    }
    if (next.length === 0) return undefined;
    if (next.length > 1) single = false;
    current = next;
  }
  if (single) return current[0];
  return current.flatMap((v) => (Array.isArray(v) ? v : [v]));
}

function setPath(root: Context, path: string, value: unknown): void {
  const segments = path.split('.');
  let node: Record<string, unknown> = root;
  for (const segment of segments.slice(0, -1)) {
    if (!isObject(node[segment])) node[segment] = {};
    node = node[segment] as Record<string, unknown>;
  }
  node[segments[segments.length - 1]] = value;
}

/**
 * Merges an entry's EntryContext into the context (in place), as the XSOAR server does: with a DT selector
 * each incoming object updates the existing item whose key fields match (`val.k && val.k == obj.k`) or is
 * appended; `(true)` replaces; without a selector the value is appended to what is there. One item stays an
 * object, several become a list.
 */
export function mergeEntryContext(context: Context, entryContext: Record<string, unknown> | null | undefined): Context {
  for (const [key, value] of Object.entries(entryContext ?? {})) {
    const { path, keys } = parseContextKey(key);
    const existing = getPathExact(context, path);
    let merged: unknown;
    if (keys !== undefined && keys.length === 0) {
      merged = value; // Prefix(true): replace
    } else if (keys === undefined) {
      merged = existing === undefined ? value : [...asList(existing), ...asList(value)];
    } else {
      const items = [...asList(existing)];
      for (const incoming of asList(value)) {
        const index = items.findIndex((item) => keys.every((k) => {
          const current = getPathExact(item, k);
          return current !== undefined && current !== null && current !== '' && current !== 0 && current !== false
            && looseEquals(current, getPathExact(incoming, k));
        }));
        if (index >= 0 && isObject(items[index]) && isObject(incoming)) items[index] = { ...items[index], ...incoming };
        else if (index >= 0) items[index] = incoming;
        else items.push(incoming);
      }
      merged = items.length === 1 ? items[0] : items;
    }
    setPath(context, path, merged);
  }
  return context;
}

/** A dotted path without walking through lists (for keys and prefixes). */
function getPathExact(root: unknown, path: string): unknown {
  let node = root;
  for (const segment of path.split('.')) {
    if (!isObject(node)) return undefined;
    node = node[segment];
  }
  return node;
}

// ---------------------------------------------------------------------------------------------- values

export interface Scope {
  incident: Record<string, unknown>;
  inputs: Record<string, unknown>;
  context: Context;
}

function lookup(scope: Scope, path: string): unknown {
  const [root, ...rest] = path.trim().split('.');
  if (root === 'incident') return getPath(scope.incident, rest.join('.'));
  if (root === 'inputs') return getPath(scope.inputs, rest.join('.'));
  return getPath(scope.context, path.trim());
}

function asText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.map(asText).join(',');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** `{simple}`: a lone `${path}` gives the value itself; references inside text are replaced by text. */
export function resolveValue(value: ValueRef | undefined, scope: Scope): unknown {
  if (!value) return undefined;
  if (value.complex) {
    const { root, accessor, transformers, filters } = value.complex;
    if ((transformers && transformers.length) || (filters && filters.length)) throw new Error('transformers and filters are not supported by the runner');
    return lookup(scope, accessor ? `${root}.${accessor}` : root);
  }
  const text = value.simple;
  if (text === undefined || text === null) return undefined;
  if (typeof text !== 'string') return text;
  const whole = /^\$\{([^}]+)\}$/.exec(text.trim());
  if (whole) return lookup(scope, whole[1]);
  return text.replace(/\$\{([^}]+)\}/g, (_, path: string) => asText(lookup(scope, path)));
}

function resolveOperand(operand: ConditionOperand | undefined, scope: Scope): unknown {
  if (!operand) return undefined;
  if (operand.iscontext && typeof operand.value?.simple === 'string' && !operand.value.simple.includes('${')) {
    return lookup(scope, operand.value.simple);
  }
  return resolveValue(operand.value, scope);
}

const isEmpty = (v: unknown) =>
  v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
const toNumber = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
const truthy = (v: unknown) => v === true || (typeof v === 'string' && /^(true|yes)$/i.test(v.trim()));

/** One clause; for a list on the left it holds when it holds for any item (XSOAR's default). */
export function evaluateClause(clause: ConditionClause, scope: Scope): boolean {
  const left = resolveOperand(clause.left, scope);
  const right = resolveOperand(clause.right, scope);
  const fold = (s: string) => (clause.ignorecase ? s.toLowerCase() : s);
  const any = (test: (item: unknown) => boolean) => asList(left).some(test);
  const rights = () => (Array.isArray(right) ? right : asText(right).split(',')).map((r) => fold(asText(r).trim()));
  switch (clause.operator) {
    case 'isNotEmpty': return !isEmpty(left);
    case 'isEmpty': return isEmpty(left);
    case 'isExists': return left !== undefined && left !== null;
    case 'isNotExists': return left === undefined || left === null;
    case 'isTrue': return any(truthy);
    case 'isFalse': return !any(truthy);
    case 'isEqualString': return any((l) => fold(asText(l)) === fold(asText(right)));
    case 'isNotEqualString': return !any((l) => fold(asText(l)) === fold(asText(right)));
    case 'containsGeneral': return any((l) => fold(asText(l)).includes(fold(asText(right))));
    case 'notContainsGeneral': return !any((l) => fold(asText(l)).includes(fold(asText(right))));
    case 'inList': return any((l) => rights().includes(fold(asText(l))));
    case 'notInList': return !any((l) => rights().includes(fold(asText(l))));
    case 'isEqualNumber': return any((l) => toNumber(l) === toNumber(right));
    case 'isNotEqualNumber': return !any((l) => toNumber(l) === toNumber(right));
    case 'greaterThan': return any((l) => toNumber(l) > toNumber(right));
    case 'greaterThanOrEqual': return any((l) => toNumber(l) >= toNumber(right));
    case 'lessThan': return any((l) => toNumber(l) < toNumber(right));
    case 'lessThanOrEqual': return any((l) => toNumber(l) <= toNumber(right));
    default: throw new Error(`Unsupported condition operator ${clause.operator}`);
  }
}

// ---------------------------------------------------------------------------------------------- running

export interface RunOptions {
  registry: Registry;
  execute: CommandExecutor;
  /** The incident, as `${incident.…}` sees it (fields after the incoming mapper). */
  incident?: Record<string, unknown>;
  /** Playbook inputs; overrides the playbook's own input values. */
  inputs?: Record<string, unknown>;
  /** Initial context (it is copied). */
  context?: Context;
  /** Manual conditions: task id or task name → the branch label the analyst picks. */
  answers?: Record<string, string>;
  maxSteps?: number;
}

export interface Step {
  id: string;
  name: string;
  type: string;
  /** The branch taken (condition tasks). */
  branch?: string;
  command?: string;
  /** Arguments of each command run (several for an implicit loop). */
  calls?: Array<Record<string, unknown>>;
  error?: string;
}

export interface RunResult {
  /** Task ids in the order they ran. */
  path: string[];
  /** Task names in the same order. */
  names: string[];
  steps: Step[];
  context: Context;
  inputs: Record<string, unknown>;
  /** Every entry the run produced, with its task. */
  warRoom: Array<{ taskId: string; entry: EntryLike }>;
}

/** XSOAR sends arguments as text; lists stay lists (of text). */
function argText(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((v) => asText(v));
  return asText(value);
}

async function runTask(task: PlaybookTask, scope: Scope, options: RunOptions, step: Step, warRoom: RunResult['warRoom']): Promise<string> {
  const call = commandOf(task);
  if (call) {
    const command = options.registry.get(call.command);
    if (!command) throw new Error(`command ${call.command} is not in the registry`);
    step.command = call.command;
    const args: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(task.scriptarguments ?? {})) {
      const resolved = resolveValue(value, scope);
      if (!isEmpty(resolved)) args[name] = resolved;
    }
    // XSOAR's implicit loop: a list for an argument that is not isArray runs the command once per item.
    const looped = Object.entries(args).filter(([name, v]) => Array.isArray(v) && v.length > 1 && !command.args[name]?.isArray);
    if (looped.length > 1) throw new Error(`more than one list argument for non-list arguments: ${looped.map(([n]) => n).join(', ')}`);
    const runs = looped.length === 0
      ? [args]
      : (looped[0][1] as unknown[]).map((item) => ({ ...args, [looped[0][0]]: item }));
    step.calls = [];
    for (const run of runs) {
      const wire = Object.fromEntries(Object.entries(run).map(([k, v]) => [k, argText(Array.isArray(v) && v.length === 1 && !command.args[k]?.isArray ? v[0] : v)]));
      step.calls.push(wire);
      const entries = await options.execute(call.command, wire);
      for (const entry of entries) {
        warRoom.push({ taskId: task.id, entry });
        mergeEntryContext(scope.context, entry.EntryContext);
      }
    }
    return '#none#';
  }
  const script = task.task.scriptName;
  if (script === 'Set') {
    const key = asText(resolveValue(task.scriptarguments?.key, scope));
    const value = resolveValue(task.scriptarguments?.value, scope);
    const append = truthy(resolveValue(task.scriptarguments?.append, scope));
    const existing = getPathExact(scope.context, key);
    setPath(scope.context, key, append && existing !== undefined ? [...asList(existing), ...asList(value)] : value);
    return '#none#';
  }
  if (script === 'Print') {
    const value = asText(resolveValue(task.scriptarguments?.value, scope));
    warRoom.push({ taskId: task.id, entry: { Type: 1, Contents: value, HumanReadable: value, EntryContext: {} } });
    return '#none#';
  }
  if (script) throw new Error(`automation ${script} is not supported by the runner`);

  if (task.type === 'condition') {
    if (task.conditions) {
      for (const branch of task.conditions) {
        if (branch.condition.every((group) => group.some((clause) => evaluateClause(clause, scope)))) return branch.label;
      }
      return '#default#';
    }
    const answer = options.answers?.[task.id] ?? options.answers?.[task.task.name];
    const labels = Object.keys(task.nexttasks ?? {});
    if (answer === undefined) throw new Error(`manual task "${task.task.name}" needs an answer: one of ${labels.join(', ')}`);
    if (!labels.includes(answer)) throw new Error(`manual task "${task.task.name}": "${answer}" is not one of ${labels.join(', ')}`);
    return answer;
  }
  return '#none#'; // start, title, section
}

/** Resolves the playbook's inputs (their `${incident.…}` values) with the caller's overrides on top. */
function resolveInputs(playbook: Playbook, options: RunOptions, scope: Scope): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  for (const input of playbook.inputs ?? []) {
    inputs[input.key] = Object.hasOwn(options.inputs ?? {}, input.key)
      ? options.inputs![input.key]
      : resolveValue(input.value as ValueRef, { ...scope, inputs: {} });
  }
  for (const [key, value] of Object.entries(options.inputs ?? {})) if (!Object.hasOwn(inputs, key)) inputs[key] = value;
  return inputs;
}

/** Runs a playbook (after checking it) and returns the path taken and the final context. */
export async function runPlaybook(playbook: Playbook, options: RunOptions): Promise<RunResult> {
  const problems = checkPlaybook(playbook, options.registry);
  if (problems.length) throw new Error(`Playbook ${playbook.name} is invalid:\n- ${problems.join('\n- ')}`);
  const scope: Scope = { incident: options.incident ?? {}, inputs: {}, context: structuredClone(options.context ?? {}) };
  scope.inputs = resolveInputs(playbook, options, scope);
  const result: RunResult = { path: [], names: [], steps: [], context: scope.context, inputs: scope.inputs, warRoom: [] };
  const queue = [playbook.starttaskid];
  const done = new Set<string>();
  const maxSteps = options.maxSteps ?? 1000;
  while (queue.length) {
    const id = queue.shift()!;
    if (done.has(id)) continue;
    if (done.size >= maxSteps) throw new PlaybookRunError(`more than ${maxSteps} steps`, result.path, scope.context);
    done.add(id);
    const task = playbook.tasks[id];
    const step: Step = { id, name: task.task.name, type: task.type };
    result.path.push(id);
    result.names.push(task.task.name);
    result.steps.push(step);
    let branch: string;
    try {
      branch = await runTask(task, scope, options, step, result.warRoom);
    } catch (err) {
      step.error = err instanceof Error ? err.message : String(err);
      if (task.nexttasks?.['#error#']) branch = '#error#';
      else if (task.continueonerror) branch = '#none#';
      else throw new PlaybookRunError(`task ${id} (${task.task.name}) failed: ${step.error}`, result.path, scope.context);
    }
    if (task.type === 'condition') step.branch = branch;
    queue.push(...(task.nexttasks?.[branch] ?? []));
  }
  return result;
}
