// XSOAR playbooks (playbooks/*.yml): loading and the checker. Schema: demisto-sdk playbook.yml (reference
// soar-conventions §4.2). The checker proves what a playbook author relies on: every Darktrace task names a
// command of the registry with arguments it declares (the required ones given), every branch points at a
// task that exists, and every task is reachable from the start.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import type { Registry } from '../registry/registry.js';
import { BRAND, BUILTIN_COMMANDS } from './integration.js';
import { isObject } from '../util/json.js';

export const TASK_TYPES = ['start', 'regular', 'condition', 'title', 'playbook', 'section', 'standard', 'collection'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

/** A task argument / input value: `{simple: '…${path}…'}` or `{complex: {root, accessor}}`. */
export interface ValueRef {
  simple?: string;
  complex?: { root: string; accessor?: string; transformers?: unknown[]; filters?: unknown[] };
}

export interface ConditionOperand {
  value: ValueRef;
  iscontext?: boolean;
}
export interface ConditionClause {
  operator: string;
  left: ConditionOperand;
  right?: ConditionOperand;
  ignorecase?: boolean;
}
/** A builtin condition: the branch `label` is taken when every inner group has a true clause (AND of ORs). */
export interface ConditionBranch {
  label: string;
  condition: ConditionClause[][];
}

export interface PlaybookTask {
  id: string;
  taskid: string;
  type: TaskType;
  task: {
    id: string;
    version: number;
    name: string;
    description?: string;
    type?: string;
    iscommand: boolean;
    brand: string;
    script?: string;
    scriptName?: string;
    playbookName?: string;
    playbookId?: string;
  };
  scriptarguments?: Record<string, ValueRef>;
  nexttasks?: Record<string, string[]>;
  conditions?: ConditionBranch[];
  message?: unknown;
  separatecontext?: boolean;
  continueonerror?: boolean;
  view: string;
  [key: string]: unknown;
}

export interface PlaybookInput {
  key: string;
  value: ValueRef | Record<string, never>;
  required?: boolean;
  description?: string;
  playbookInputQuery?: unknown;
}

export interface Playbook {
  id: string;
  version: number;
  name: string;
  description: string;
  starttaskid: string;
  tasks: Record<string, PlaybookTask>;
  view: string;
  inputs?: PlaybookInput[];
  outputs?: Array<{ contextPath: string; type?: string; description?: string }>;
  fromversion: string;
  tests?: string[];
  [key: string]: unknown;
}

/** Automation scripts the checker knows (and the runner executes), with their arguments. */
export const KNOWN_SCRIPTS: Readonly<Record<string, { args: readonly string[]; required: readonly string[] }>> = {
  Set: { args: ['key', 'value', 'append', 'stringify'], required: ['key'] },
  Print: { args: ['value'], required: ['value'] },
};

/** XSOAR condition operators (the runner implements these). */
export const CONDITION_OPERATORS = [
  'isNotEmpty', 'isEmpty', 'isExists', 'isNotExists', 'isTrue', 'isFalse',
  'isEqualString', 'isNotEqualString', 'containsGeneral', 'notContainsGeneral', 'inList', 'notInList',
  'isEqualNumber', 'isNotEqualNumber', 'greaterThan', 'greaterThanOrEqual', 'lessThan', 'lessThanOrEqual',
] as const;
const UNARY_OPERATORS = new Set(['isNotEmpty', 'isEmpty', 'isExists', 'isNotExists', 'isTrue', 'isFalse']);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const REFERENCE = /\$\{([^}]+)\}/g;

export function parsePlaybook(text: string): Playbook {
  return parse(text, { version: '1.1' }) as Playbook;
}

export function loadPlaybook(file: string): Playbook {
  return parsePlaybook(readFileSync(file, 'utf8'));
}

/** Every playbooks/*.yml of a folder, by file name. */
export function loadPlaybooks(dir: string): Map<string, Playbook> {
  const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return new Map(files.map((f) => [f, loadPlaybook(join(dir, f))]));
}

/** `DarktraceSOAR|||cmd` → {brand, command}; undefined when the task runs no integration command. */
export function commandOf(task: PlaybookTask): { brand: string; command: string } | undefined {
  const script = task.task?.script;
  if (typeof script !== 'string' || !script.includes('|||')) return undefined;
  const [brand, command] = script.split('|||');
  return { brand, command };
}

/** The context paths a value refers to (`${path}` in simple values, root.accessor of complex ones). */
export function referencesOf(value: ValueRef | undefined): string[] {
  if (!value) return [];
  if (typeof value.simple === 'string') return [...value.simple.matchAll(REFERENCE)].map((m) => m[1].trim());
  if (value.complex) return [value.complex.accessor ? `${value.complex.root}.${value.complex.accessor}` : value.complex.root];
  return [];
}

const isEmptyValue = (value: ValueRef | undefined) =>
  !value || ((value.simple === undefined || value.simple === '') && !value.complex);

/**
 * All problems of a playbook, as readable lines (empty = fine): the schema (reference soar-conventions §4.2),
 * the commands and arguments against the registry, branch targets, reachability, input references.
 */
export function checkPlaybook(playbook: Playbook, registry: Registry, options: { brand?: string } = {}): string[] {
  const brand = options.brand ?? BRAND;
  const problems: string[] = [];
  const add = (message: string) => problems.push(message);
  if (!isObject(playbook)) return ['the playbook is not a YAML mapping'];

  for (const key of ['id', 'name', 'description', 'starttaskid', 'fromversion'] as const) {
    if (typeof playbook[key] !== 'string' || playbook[key] === '') add(`${key} must be a non-empty string`);
  }
  if (playbook.version !== -1) add('version must be the integer -1');
  if (typeof playbook.view !== 'string') add('view must be a JSON string');
  else {
    try {
      JSON.parse(playbook.view);
    } catch {
      add('view is not valid JSON');
    }
  }
  if (!isObject(playbook.tasks) || Object.keys(playbook.tasks).length === 0) {
    add('tasks must be a non-empty mapping');
    return problems;
  }
  const inputs = new Set<string>();
  if (playbook.inputs !== undefined) {
    if (!Array.isArray(playbook.inputs)) add('inputs must be a list');
    else {
      for (const input of playbook.inputs) {
        if (!isObject(input) || typeof input.key !== 'string' || !input.key) add('every input needs a key');
        else if (inputs.has(input.key)) add(`input ${input.key} is declared twice`);
        else inputs.add(input.key);
      }
    }
  }

  const tasks = playbook.tasks;
  if (!Object.hasOwn(tasks, playbook.starttaskid)) add(`starttaskid "${playbook.starttaskid}" is not a task`);
  const taskIds = new Set<string>();
  for (const [key, task] of Object.entries(tasks)) {
    const where = `task ${key}${isObject(task) && isObject(task.task) && task.task.name ? ` (${String(task.task.name)})` : ''}`;
    const bad = (message: string) => add(`${where}: ${message}`);
    if (!isObject(task)) {
      bad('is not a mapping');
      continue;
    }
    if (task.id !== key) bad(`id must be "${key}" (its key in tasks)`);
    if (!TASK_TYPES.includes(task.type)) bad(`unknown type ${JSON.stringify(task.type)}`);
    if (typeof task.taskid !== 'string' || !UUID.test(task.taskid)) bad('taskid must be a lowercase UUID');
    else if (taskIds.has(task.taskid)) bad(`taskid ${task.taskid} is used twice`);
    else taskIds.add(task.taskid);
    if (typeof task.view !== 'string') bad('view must be a JSON string');
    else {
      try {
        const view = JSON.parse(task.view) as { position?: { x?: unknown; y?: unknown } };
        if (typeof view.position?.x !== 'number' || typeof view.position?.y !== 'number') bad('view needs a position {x, y}');
      } catch {
        bad('view is not valid JSON');
      }
    }
    const inner = task.task;
    if (!isObject(inner)) {
      bad('task (the inner mapping) is missing');
      continue;
    }
    if (inner.id !== task.taskid) bad('task.id must equal taskid');
    if (inner.version !== -1) bad('task.version must be -1');
    if (typeof inner.name !== 'string') bad('task.name must be a string');
    if (typeof inner.iscommand !== 'boolean') bad('task.iscommand must be a boolean');
    if (typeof inner.brand !== 'string') bad('task.brand must be a string');
    if (inner.type !== undefined && inner.type !== task.type) bad(`task.type "${String(inner.type)}" differs from type "${task.type}"`);

    // What the task runs.
    const call = commandOf(task);
    if (call) {
      if (task.type !== 'regular') bad('only regular tasks run commands');
      if (call.brand !== brand && call.brand !== '') bad(`script brand "${call.brand}" must be "${brand}"`);
      if (inner.brand !== call.brand) bad(`task.brand "${inner.brand}" must match the script's brand "${call.brand}"`);
      if (inner.iscommand !== true) bad('task.iscommand must be true for an integration command');
      const command = registry.get(call.command);
      if (!command || BUILTIN_COMMANDS.includes(call.command)) {
        const hint = registry.suggest(call.command);
        bad(`command ${call.command} is not in the registry${hint && hint !== call.command ? ` (did you mean ${hint}?)` : ''}`);
      } else {
        const given = task.scriptarguments ?? {};
        for (const name of Object.keys(given)) {
          if (Object.hasOwn(command.args, name)) continue;
          const canonical = Object.entries(command.args).find(([, spec]) => spec.aliases.includes(name))?.[0];
          bad(canonical
            ? `argument ${name} of ${call.command} is an alias: use ${canonical} (integration.yml declares ${name} only as deprecated, for old playbooks)`
            : `argument ${name} is not an argument of ${call.command} (arguments: ${Object.keys(command.args).join(', ')})`);
        }
        for (const [name, spec] of Object.entries(command.args)) {
          if (spec.required && isEmptyValue(given[name])) bad(`required argument ${name} of ${call.command} is not given`);
        }
      }
    } else if (typeof inner.script === 'string' && inner.script !== '') {
      bad(`script "${inner.script}" must look like ${brand}|||<command>`);
    } else if (typeof inner.scriptName === 'string' && inner.scriptName !== '') {
      if (task.type !== 'regular') bad('only regular tasks run scripts');
      if (inner.iscommand !== false) bad('task.iscommand must be false for an automation script');
      const known = KNOWN_SCRIPTS[inner.scriptName];
      if (!known) bad(`script ${inner.scriptName} is not one the checker and runner know (${Object.keys(KNOWN_SCRIPTS).join(', ')})`);
      else {
        const given = task.scriptarguments ?? {};
        for (const name of Object.keys(given)) if (!known.args.includes(name)) bad(`argument ${name} is not an argument of ${inner.scriptName}`);
        for (const name of known.required) if (isEmptyValue(given[name])) bad(`required argument ${name} of ${inner.scriptName} is not given`);
      }
    } else if (inner.playbookName || inner.playbookId) {
      bad('sub-playbooks are not supported by the checker and runner');
    } else if (task.type === 'regular') {
      bad('a regular task must run a command (script) or an automation (scriptName)');
    }

    // Input references must name declared inputs.
    const values: ValueRef[] = [...Object.values(task.scriptarguments ?? {})];
    for (const branch of task.conditions ?? []) {
      for (const group of branch.condition ?? []) for (const clause of group ?? []) {
        if (clause?.left?.value) values.push(clause.left.iscontext ? { simple: `\${${clause.left.value.simple ?? ''}}` } : clause.left.value);
        if (clause?.right?.value) values.push(clause.right.iscontext ? { simple: `\${${clause.right.value.simple ?? ''}}` } : clause.right.value);
      }
    }
    for (const ref of values.flatMap(referencesOf)) {
      if (ref.startsWith('inputs.') && !inputs.has(ref.slice('inputs.'.length).split('.')[0])) bad(`\${${ref}} refers to an undeclared playbook input`);
    }

    // Branches.
    const next = task.nexttasks ?? {};
    if (!isObject(next)) {
      bad('nexttasks must be a mapping');
      continue;
    }
    for (const [label, targets] of Object.entries(next)) {
      if (!Array.isArray(targets) || targets.length === 0) {
        bad(`nexttasks "${label}" must be a non-empty list of task ids`);
        continue;
      }
      for (const target of targets) {
        if (typeof target !== 'string' || !Object.hasOwn(tasks, target)) bad(`nexttasks "${label}" points at task ${JSON.stringify(target)}, which does not exist`);
      }
    }
    if (task.type === 'condition') {
      if (task.conditions !== undefined) {
        if (!Array.isArray(task.conditions) || task.conditions.length === 0) bad('conditions must be a non-empty list');
        else {
          const labels = new Set<string>();
          for (const branch of task.conditions) {
            if (!isObject(branch) || typeof branch.label !== 'string') {
              bad('every condition needs a label');
              continue;
            }
            labels.add(branch.label);
            if (!Object.hasOwn(next, branch.label)) bad(`condition "${branch.label}" has no nexttasks branch`);
            if (!Array.isArray(branch.condition) || branch.condition.length === 0) bad(`condition "${branch.label}" has no clauses`);
            for (const group of branch.condition ?? []) {
              if (!Array.isArray(group) || group.length === 0) bad(`condition "${branch.label}": every group must be a non-empty list`);
              for (const clause of group ?? []) {
                if (!CONDITION_OPERATORS.includes(clause?.operator as never)) bad(`condition "${branch.label}": unknown operator ${JSON.stringify(clause?.operator)}`);
                if (!clause?.left?.value) bad(`condition "${branch.label}": every clause needs left.value`);
                if (clause?.operator && !UNARY_OPERATORS.has(clause.operator) && !clause.right?.value) bad(`condition "${branch.label}": ${clause.operator} needs right.value`);
              }
            }
          }
          for (const label of Object.keys(next)) {
            if (label !== '#default#' && !labels.has(label)) bad(`nexttasks "${label}" matches no condition label`);
          }
        }
      } else {
        // A manual condition: the analyst picks one of the branches.
        const labels = Object.keys(next);
        if (labels.length < 2) bad('a manual condition needs at least two branches');
        if (labels.includes('#none#')) bad('a manual condition cannot have a #none# branch');
      }
    } else {
      for (const label of Object.keys(next)) {
        if (label !== '#none#' && label !== '#error#') bad(`nexttasks "${label}": a ${task.type} task only has #none# (and #error#) branches`);
      }
      if (task.conditions !== undefined) bad('only condition tasks have conditions');
    }
    if (task.type === 'start' && key !== playbook.starttaskid) bad('a start task must be the starttaskid');
  }

  // Reachability from the start.
  if (Object.hasOwn(tasks, playbook.starttaskid)) {
    const seen = new Set<string>([playbook.starttaskid]);
    const queue = [playbook.starttaskid];
    while (queue.length) {
      const task = tasks[queue.shift()!];
      for (const targets of Object.values(isObject(task?.nexttasks) ? task.nexttasks : {})) {
        for (const target of Array.isArray(targets) ? targets : []) {
          if (typeof target === 'string' && Object.hasOwn(tasks, target) && !seen.has(target)) {
            seen.add(target);
            queue.push(target);
          }
        }
      }
    }
    for (const key of Object.keys(tasks)) if (!seen.has(key)) add(`task ${key} (${tasks[key]?.task?.name ?? '?'}) is not reachable from starttaskid ${playbook.starttaskid}`);
  }
  return problems;
}
