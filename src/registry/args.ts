// Argument specs for commands: metadata (docs, integration.yml, OpenAPI, manifest) plus a zod schema that
// coerces what SOARs send. XSOAR sends every argument as a string ('true', 'yes', '5', 'a,b', '["a","b"]');
// Tines/n8n/Shuffle send JSON types. Both end up as the same typed value.
import * as z from 'zod';

export type ArgKind = 'string' | 'int' | 'number' | 'bool' | 'list' | 'enum';
/** required → always a value; defaulted → always a value; optional → value or undefined. */
export type Presence = 'required' | 'defaulted' | 'optional';
export type ArgValue<T, P extends Presence> = P extends 'optional' ? T | undefined : T;

export interface ArgSpec<T = unknown, P extends Presence = Presence> {
  kind: ArgKind;
  description: string;
  required: boolean;
  default?: T;
  aliases: readonly string[];
  /** Allowed values (enum values; 'true'/'false' for booleans) — XSOAR `auto: PREDEFINED`. */
  predefined?: readonly string[];
  isArray: boolean;
  secret: boolean;
  /** Coerces a raw argument (undefined when not given) into the typed value, or the messages saying why not. */
  parse(raw: unknown): ArgParse<ArgValue<T, P>>;
  /** `parse` as a zod schema (for composing with other zod schemas); issues carry the message only. */
  schema: z.ZodType<ArgValue<T, P>, unknown>;
  /** The canonical value's schema (no coercion): the source of `argJsonSchema`. */
  valueSchema: z.ZodType<T>;
}

export type AnyArgSpec = ArgSpec<any, Presence>;
export type ArgSpecs = Record<string, AnyArgSpec>;
/** The `args` type a command's `run` receives. */
export type InferArgs<A extends ArgSpecs> = {
  [K in keyof A]: A[K] extends ArgSpec<infer T, infer P> ? ArgValue<T, P> : never;
};

interface BaseOptions<T> {
  description: string;
  required?: boolean;
  default?: T;
  aliases?: readonly string[];
  /** A further check on the coerced value: a message (the argument name is prefixed) or undefined when fine. */
  check?: (value: T) => string | undefined;
}
export interface StringOptions extends BaseOptions<string> {
  secret?: boolean;
  maxLength?: number;
  pattern?: RegExp;
  /** Words for the error message instead of the regex, e.g. 'a date YYYY-MM-DD'. */
  patternDescription?: string;
}
export interface NumberOptions extends BaseOptions<number> {
  min?: number;
  max?: number;
}
export type BoolOptions = BaseOptions<boolean>;
export interface ListOptions extends BaseOptions<string[]> {
  /** Most items (default ARG_LIMITS.listItems). */
  maxItems?: number;
  /** Longest item, in characters (default ARG_LIMITS.string). */
  maxItemLength?: number;
}

/**
 * Lengths by argument kind, checked before any request (a megabyte argument must not be forwarded: Darktrace
 * answers 431, or applies a megabyte tag name). Every string and list argument has a bound; a spec's
 * `maxLength` / `maxItems` / `maxItemLength` overrides it.
 */
export const ARG_LIMITS = Object.freeze({
  /** Any string argument without its own maxLength. */
  string: 1024,
  /** Darktrace tag names. */
  tagName: 128,
  /** Items of a list argument. */
  listItems: 1000,
});
export interface EnumOptions<V extends string> extends BaseOptions<V> {
  /** Extra spellings mapped to a canonical value, e.g. `{ connections: 'co' }`. */
  accept?: Readonly<Record<string, V>>;
}

type PresenceOf<O> = O extends { required: true } ? 'required' : O extends { default: {} } ? 'defaulted' : 'optional';

/** How a rejected raw value is quoted in messages: JSON, shortened. */
export function show(value: unknown): string {
  let text: string;
  try {
    text = value === undefined ? 'undefined' : JSON.stringify(value) ?? String(value);
  } catch {
    // Too deep for JSON.stringify's recursion (the HTTP edge refuses such bodies; the CLI and tests may not).
    text = Array.isArray(value) ? 'a deeply nested array' : 'a deeply nested object';
  }
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** XSOAR clears a field by sending ''; null/undefined/blank all mean "not given". */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

type Coerced<T> = { ok: true; value: T } | { ok: false; message: string };
/** What ArgSpec.parse returns: the value, or every message (without the argument name). */
export type ArgParse<T> = { ok: true; value: T } | { ok: false; messages: string[] };
const ok = <T>(value: T): Coerced<T> => ({ ok: true, value });
const fail = (message: string): Coerced<never> => ({ ok: false, message });

/**
 * An argument spec from its coercion and its value schema. `accepts` is the value schema's checks written as a
 * plain test: a value it passes is valid without asking zod (every argument of every command runs through this,
 * and a zod parse costs ~20× more); a value it fails goes to zod, whose issues are the messages.
 */
function build<T, O extends BaseOptions<T>>(
  kind: ArgKind,
  opts: O,
  coerce: (raw: unknown) => Coerced<T>,
  valueSchema: z.ZodType<T>,
  accepts: (value: T) => boolean,
  extra: Partial<Pick<ArgSpec<T>, 'predefined' | 'secret'>> = {},
): ArgSpec<T, PresenceOf<O>> {
  // Checked at definition (every command module's load): the plain test first, zod only for a doubtful default.
  if (opts.default !== undefined && !accepts(opts.default) && !valueSchema.safeParse(opts.default).success) {
    throw new Error(`arg.${kind}: invalid default ${show(opts.default)}`);
  }
  type Value = ArgValue<T, PresenceOf<O>>;
  const notGiven = (): ArgParse<Value> => {
    // A copy, so a command that mutates its list argument cannot change the default.
    if (opts.default !== undefined) return { ok: true, value: (Array.isArray(opts.default) ? [...opts.default] : opts.default) as Value };
    if (!opts.required) return { ok: true, value: undefined as Value };
    return { ok: false, messages: ['is required'] };
  };
  const parse = (raw: unknown): ArgParse<Value> => {
    if (isBlank(raw)) return notGiven();
    const coerced = coerce(raw);
    if (!coerced.ok) return { ok: false, messages: [coerced.message] };
    let value = coerced.value;
    if (!accepts(value)) {
      const checked = valueSchema.safeParse(value);
      if (!checked.success) return { ok: false, messages: [...new Set(checked.error.issues.map((issue) => issue.message))] };
      value = checked.data;
    }
    // A list with nothing left after dropping empty items ([], ',', '[]') is the same as not given.
    if (Array.isArray(value) && value.length === 0) return notGiven();
    const problem = opts.check?.(value);
    if (problem) return { ok: false, messages: [problem] };
    return { ok: true, value: value as Value };
  };
  const schema = z.unknown().transform((raw, ctx) => {
    const parsed = parse(raw);
    if (parsed.ok) return parsed.value;
    for (const message of parsed.messages) ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  }) as unknown as z.ZodType<Value, unknown>;
  return {
    kind,
    description: opts.description,
    required: opts.required ?? false,
    ...(opts.default !== undefined ? { default: opts.default } : {}),
    aliases: [...(opts.aliases ?? [])],
    ...(extra.predefined ? { predefined: extra.predefined } : {}),
    isArray: kind === 'list',
    secret: extra.secret ?? false,
    parse,
    schema,
    valueSchema,
  };
}

function rangeChecks(schema: z.ZodNumber, opts: NumberOptions): z.ZodNumber {
  let s = schema;
  if (opts.min !== undefined) s = s.min(opts.min, { error: (i) => `must be at least ${opts.min} (got ${show(i.input)})` });
  if (opts.max !== undefined) s = s.max(opts.max, { error: (i) => `must be at most ${opts.max} (got ${show(i.input)})` });
  return s;
}

/** rangeChecks as a plain test. */
const inRange = (value: number, opts: NumberOptions) =>
  (opts.min === undefined || value >= opts.min) && (opts.max === undefined || value <= opts.max);

// The messages are made only for a rejected value (show() is a JSON.stringify).
function coerceInt(raw: unknown): Coerced<number> {
  const bad = () => fail(`expected an integer, got ${show(raw)}`);
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? ok(raw) : bad();
  if (typeof raw !== 'string' || !/^[+-]?\d+$/.test(raw.trim())) return bad();
  const value = Number(raw.trim());
  return Number.isSafeInteger(value) ? ok(value) : bad();
}

function coerceNumber(raw: unknown): Coerced<number> {
  const bad = () => fail(`expected a number, got ${show(raw)}`);
  if (typeof raw === 'number') return Number.isFinite(raw) ? ok(raw) : bad();
  if (typeof raw !== 'string' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim())) return bad();
  return ok(Number(raw.trim()));
}

/** argToBoolean: true/yes, false/no in any case, or a real boolean. */
function coerceBool(raw: unknown): Coerced<boolean> {
  if (typeof raw === 'boolean') return ok(raw);
  const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
  if (text === 'true' || text === 'yes') return ok(true);
  if (text === 'false' || text === 'no') return ok(false);
  return fail(`expected a boolean (true/false/yes/no), got ${show(raw)}`);
}

/** argToList: a real array, a JSON-array string, or CSV; items trimmed, empty items dropped. */
function coerceList(raw: unknown): Coerced<string[]> {
  let items: unknown[];
  if (Array.isArray(raw)) {
    items = raw;
  } else if (typeof raw === 'string' && raw.trim().startsWith('[') && raw.trim().endsWith(']')) {
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) throw new Error('not an array');
      items = parsed;
    } catch {
      return fail(`expected a list (comma-separated or JSON array), got ${show(raw)} (invalid JSON array)`);
    }
  } else if (typeof raw === 'string') {
    items = raw.split(',');
  } else if (typeof raw === 'number' || typeof raw === 'boolean') {
    items = [raw];
  } else {
    return fail(`expected a list (comma-separated or JSON array), got ${show(raw)}`);
  }
  const out: string[] = [];
  for (const item of items) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'object') return fail(`expected a list of strings, got ${show(raw)}`);
    const text = String(item).trim();
    if (text !== '') out.push(text);
  }
  return ok(out);
}

function coerceString(raw: unknown): Coerced<string> {
  if (typeof raw === 'string') return ok(raw);
  // Other SOARs may send a number or boolean for a free-text argument (a tag name, a port).
  if (typeof raw === 'number' || typeof raw === 'boolean') return ok(String(raw));
  return fail(`expected a string, got ${show(raw)}`);
}

/**
 * Enum matching: exact value, then an exact `accept` spelling, then a case-insensitive match over both
 * (users type `ip` for `IP`); the case-insensitive match is used only when it is unambiguous.
 */
function coerceEnum<V extends string>(values: readonly V[], accept: Readonly<Record<string, V>>) {
  const message = (raw: unknown) => `must be one of ${values.join(', ')} (got ${show(raw)})`;
  return (raw: unknown): Coerced<V> => {
    if (typeof raw !== 'string') return fail(message(raw));
    const text = raw.trim();
    if ((values as readonly string[]).includes(text)) return ok(text as V);
    if (Object.hasOwn(accept, text)) return ok(accept[text]);
    const lower = text.toLowerCase();
    const matches = new Set<V>();
    for (const v of values) if (v.toLowerCase() === lower) matches.add(v);
    for (const [spelling, v] of Object.entries(accept)) if (spelling.toLowerCase() === lower) matches.add(v);
    return matches.size === 1 ? ok([...matches][0]) : fail(message(raw));
  };
}

export const arg = {
  string<const O extends StringOptions>(opts: O): ArgSpec<string, PresenceOf<O>> {
    const maxLength = opts.maxLength ?? ARG_LIMITS.string;
    let schema = z.string().max(maxLength, {
      error: (i) => `must be at most ${maxLength} characters (got ${String(i.input).length})`,
    });
    if (opts.pattern) {
      const what = opts.patternDescription ?? `the pattern ${opts.pattern}`;
      schema = schema.regex(opts.pattern, { error: (i) => `must be ${what} (got ${show(i.input)})` });
    }
    const { pattern } = opts;
    const accepts = (value: string) => value.length <= maxLength && (pattern === undefined || ((pattern.lastIndex = 0), pattern.test(value)));
    return build('string', opts, coerceString, schema, accepts, { secret: opts.secret ?? false });
  },

  int<const O extends NumberOptions>(opts: O): ArgSpec<number, PresenceOf<O>> {
    return build('int', opts, coerceInt, rangeChecks(z.number().int(), opts), (value) => Number.isSafeInteger(value) && inRange(value, opts));
  },

  number<const O extends NumberOptions>(opts: O): ArgSpec<number, PresenceOf<O>> {
    return build('number', opts, coerceNumber, rangeChecks(z.number(), opts), (value) => Number.isFinite(value) && inRange(value, opts));
  },

  bool<const O extends BoolOptions>(opts: O): ArgSpec<boolean, PresenceOf<O>> {
    return build('bool', opts, coerceBool, z.boolean(), (value) => typeof value === 'boolean', { predefined: ['true', 'false'] });
  },

  list<const O extends ListOptions>(opts: O): ArgSpec<string[], PresenceOf<O>> {
    const maxItems = opts.maxItems ?? ARG_LIMITS.listItems;
    const maxItemLength = opts.maxItemLength ?? ARG_LIMITS.string;
    // One message however many items are too long (build() drops repeated messages).
    const item = z.string().max(maxItemLength, { error: `items must be at most ${maxItemLength} characters` });
    const schema = z.array(item).max(maxItems, {
      error: (i) => `must have at most ${maxItems} items (got ${Array.isArray(i.input) ? i.input.length : '?'})`,
    });
    const accepts = (value: string[]) => value.length <= maxItems && value.every((v) => v.length <= maxItemLength);
    return build('list', opts, coerceList, schema, accepts);
  },

  enum<const V extends readonly [string, ...string[]], const O extends EnumOptions<V[number]>>(
    values: V,
    opts: O,
  ): ArgSpec<V[number], PresenceOf<O>> {
    const valueSchema = z.enum(values as unknown as [V[number], ...V[number][]]) as unknown as z.ZodType<V[number]>;
    // coerceEnum only ever returns one of the values.
    const allowed = new Set<string>(values);
    return build('enum', opts, coerceEnum(values, opts.accept ?? {}), valueSchema, (value) => allowed.has(value), { predefined: [...values] });
  },
};

export type JsonSchema = Record<string, unknown>;

/** JSON Schema (2020-12, as used by OpenAPI 3.1) of an argument's canonical value, plus its docs. */
export function argJsonSchema(spec: AnyArgSpec): JsonSchema {
  const { $schema: _ignored, ...schema } = z.toJSONSchema(spec.valueSchema) as JsonSchema;
  // zod documents the safe-integer range on every int; it is noise in a manifest.
  if (schema.minimum === Number.MIN_SAFE_INTEGER) delete schema.minimum;
  if (schema.maximum === Number.MAX_SAFE_INTEGER) delete schema.maximum;
  return {
    ...schema,
    description: spec.description,
    ...(spec.default !== undefined ? { default: spec.default } : {}),
    ...(spec.secret ? { format: 'password', writeOnly: true } : {}),
  };
}
