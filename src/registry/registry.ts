// The set of commands: lookup, "did you mean", argument parsing (aliases, reserved args, coercion) and
// the manifest served at GET /v1/commands.
import { argJsonSchema, isBlank, show, type AnyArgSpec, type ArgKind, type JsonSchema } from './args.js';
import { ACCESS_LEVELS, isAccess, type Access } from './access.js';
import { RESERVED_ARGS, type CommandDef, type OutputSpec } from './command.js';

export interface ArgError {
  path: string;
  message: string;
}
export type ParseResult = { ok: true; args: Record<string, unknown> } | { ok: false; errors: ArgError[] };

export interface ArgManifest {
  name: string;
  aliases: readonly string[];
  type: ArgKind;
  required: boolean;
  default?: unknown;
  isArray: boolean;
  predefined?: readonly string[];
  secret: boolean;
  description: string;
  jsonSchema: JsonSchema;
}
export interface CommandManifest {
  name: string;
  description: string;
  /** The scope a key needs to run it (SPEC §7). */
  access: Access;
  args: ArgManifest[];
  outputs: OutputSpec[];
}

interface Compiled {
  command: CommandDef;
  /** canonical name or alias → canonical name */
  names: Map<string, string>;
  /** Object.entries(command.args), made once. */
  specs: Array<[string, AnyArgSpec]>;
}

const reserved = new Set(RESERVED_ARGS);

export class Registry {
  readonly #commands = new Map<string, Compiled>();

  constructor(commands: readonly CommandDef[]) {
    for (const command of commands) {
      if (this.#commands.has(command.name)) throw new Error(`Duplicate command name: ${command.name}`);
      // Typed as required, but a command built without the types must not default to anything.
      if (!isAccess(command.access)) throw new Error(`${command.name}: access must be one of ${ACCESS_LEVELS.join(', ')}`);
      this.#commands.set(command.name, { command, names: argNames(command), specs: Object.entries(command.args) });
    }
  }

  get(name: string): CommandDef | undefined {
    return this.#commands.get(name)?.command;
  }

  list(): CommandDef[] {
    return [...this.#commands.values()].map((c) => c.command);
  }

  /** The closest command name, when it is close enough to be a plausible typo. */
  suggest(name: string): string | undefined {
    return closest(name, [...this.#commands.keys()]);
  }

  /** Validates and coerces raw arguments; collects every error. Result keys are canonical names. */
  parseArgs(command: string | CommandDef, raw: unknown): ParseResult {
    const name = typeof command === 'string' ? command : command.name;
    const compiled = this.#commands.get(name);
    if (!compiled) throw new Error(`Unknown command: ${name}`);
    // A call without arguments (no `args` in the body) is fine; anything else must be an object.
    if (raw === undefined || raw === null) raw = {};
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      const got = Array.isArray(raw) ? 'an array' : show(raw);
      return { ok: false, errors: [{ path: '', message: `arguments must be an object of name → value, got ${got}` }] };
    }

    const input = raw as Record<string, unknown>;
    const { command: def, names, specs } = compiled;
    const errors: ArgError[] = [];
    const given = new Map<string, string>(); // canonical → the name the caller used
    let conflicting: Set<string> | undefined; // given twice with different values: that is the one error
    for (const key of Object.keys(input)) {
      if (reserved.has(key)) continue;
      const value = input[key];
      const canonical = names.get(key);
      if (canonical === undefined) {
        errors.push({ path: shortName(key), message: unknownArgMessage(key, def, names) });
        continue;
      }
      const previous = given.get(canonical);
      if (previous === undefined || isBlank(input[previous])) {
        given.set(canonical, key);
      } else if (!isBlank(value) && !sameValue(input[previous], value)) {
        const [a, b] = previous === canonical || key !== canonical ? [previous, key] : [key, previous];
        const values = `${show(input[a])} and ${show(input[b])}`;
        errors.push({ path: canonical, message: `${canonical}: given twice as ${a} and ${b} with different values (${values}); give only one` });
        (conflicting ??= new Set()).add(canonical);
      } else if (key === canonical && !isBlank(value)) {
        given.set(canonical, key); // the same value under both names: the canonical one names it
      }
    }

    const args: Record<string, unknown> = {};
    for (const [canonical, spec] of specs) {
      if (conflicting?.has(canonical)) continue;
      const used = given.get(canonical);
      const value = used === undefined ? undefined : input[used];
      if (spec.required && isBlank(value)) {
        errors.push({ path: used ?? canonical, message: requiredMessage(canonical, spec, used) });
        continue;
      }
      const result = spec.parse(value);
      if (result.ok) args[canonical] = result.value;
      else for (const message of result.messages) errors.push({ path: used ?? canonical, message: `${used ?? canonical}: ${message}` });
    }
    return errors.length ? { ok: false, errors } : { ok: true, args };
  }

  /**
   * The aliases the caller used, by canonical name (`{ did: 'deviceId' }` for a call that said deviceId). Only
   * names given with a value; a canonical name given too wins, as in parseArgs.
   */
  spellings(command: string | CommandDef, raw: unknown): Map<string, string> {
    const compiled = this.#commands.get(typeof command === 'string' ? command : command.name);
    const out = new Map<string, string>();
    if (!compiled || raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
    const input = raw as Record<string, unknown>;
    for (const [key, value] of Object.entries(input)) {
      const canonical = compiled.names.get(key);
      if (canonical === undefined || key === canonical || isBlank(value) || !isBlank(input[canonical])) continue;
      if (!out.has(canonical)) out.set(canonical, key);
    }
    return out;
  }

  /**
   * Errors found after parsing (a command's cross-argument checks, which see canonical names only) renamed to
   * the caller's spelling: the path, and the argument names in the message. Names that are plain words
   * (message, uuid, did…) are renamed only as the path and the message's leading name, never inside the text.
   */
  respell(command: string | CommandDef, raw: unknown, errors: readonly ArgError[]): ArgError[] {
    const spelt = this.spellings(command, raw);
    if (spelt.size === 0) return [...errors];
    return errors.map(({ path, message }) => {
      let text = message;
      const alias = spelt.get(path);
      if (alias !== undefined && text.startsWith(path)) text = alias + text.slice(path.length);
      for (const [canonical, used] of spelt) {
        if (/[_A-Z]/.test(canonical)) text = text.replace(new RegExp(`(?<![\\w.])${canonical}(?![\\w])`, 'g'), used);
      }
      return { path: alias ?? path, message: text };
    });
  }

  /** One entry per command, in registration order (GET /v1/commands wraps it as `{ commands }`). */
  manifest(): CommandManifest[] {
    return this.list().map((c) => ({
      name: c.name,
      description: c.description,
      access: c.access,
      args: Object.entries(c.args).map(([name, spec]) => argManifest(name, spec)),
      outputs: c.outputs ?? [],
    }));
  }
}

/**
 * A required argument that is missing: named as the caller spelt it when they gave it blank, else by its
 * canonical name plus the names an old playbook would use (`endpoint_value (or endpointValue) is required`).
 */
function requiredMessage(canonical: string, spec: AnyArgSpec, used: string | undefined): string {
  if (used !== undefined) return `${used}: is required`;
  return spec.aliases.length ? `${canonical} (or ${spec.aliases.join(', ')}) is required` : `${canonical}: is required`;
}

function argManifest(name: string, spec: AnyArgSpec): ArgManifest {
  return {
    name,
    aliases: spec.aliases,
    type: spec.kind,
    required: spec.required,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    isArray: spec.isArray,
    ...(spec.predefined ? { predefined: spec.predefined } : {}),
    secret: spec.secret,
    description: spec.description,
    jsonSchema: argJsonSchema(spec),
  };
}

/** Maps every accepted argument name to its canonical name; rejects collisions and reserved names. */
function argNames(command: CommandDef): Map<string, string> {
  const names = new Map<string, string>();
  const add = (name: string, canonical: string) => {
    if (reserved.has(name)) throw new Error(`${command.name}: argument ${name} is reserved by XSOAR`);
    const owner = names.get(name);
    if (owner !== undefined) {
      throw new Error(`${command.name}: argument name ${name} is used by both ${owner} and ${canonical}`);
    }
    names.set(name, canonical);
  };
  for (const canonical of Object.keys(command.args)) add(canonical, canonical);
  for (const [canonical, spec] of Object.entries(command.args)) for (const alias of spec.aliases) add(alias, canonical);
  return names;
}

function unknownArgMessage(key: string, command: CommandDef, names: Map<string, string>): string {
  const hint = closest(key, [...names.keys()]);
  const allowed = Object.entries(command.args).map(([name, spec]) =>
    spec.aliases.length ? `${name} (or ${spec.aliases.join(', ')})` : name,
  );
  const list = allowed.length ? `allowed: ${allowed.join(', ')}` : 'this command takes no arguments';
  return `${shortName(key)}: unknown argument${hint ? ` (did you mean ${hint}?)` : ''}; ${list}`;
}

/** Unknown names are echoed back to the caller: keep a garbage megabyte key out of the answer and the logs. */
function shortName(key: string): string {
  return key.length > 60 ? `${key.slice(0, 57)}...` : key;
}

function sameValue(a: unknown, b: unknown): boolean {
  try {
    return a === b || JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
  } catch {
    return false; // too deep to compare (both walks recurse; the HTTP edge refuses such bodies): treat as different
  }
}

/** Case-insensitive Levenshtein nearest neighbour, within about a third of the name's length. */
export function closest(name: string, candidates: readonly string[]): string | undefined {
  const target = name.toLowerCase();
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    // The distance is at least the length difference: skip the O(n·m) table for hopeless (e.g. huge) names.
    if (Math.abs(target.length - candidate.length) > limit) continue;
    const d = editDistance(target, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return bestDistance <= limit ? best : undefined;
}

/** Levenshtein distance (insert, delete, substitute: 1 each). */
export function editDistance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length];
}
