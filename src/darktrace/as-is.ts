// Whether a parsed JSON answer already is what its zod schema would make of it, decided without copying it.
// A zod parse builds a new object for every object and array of the answer (and walks a loose object's keys
// twice); for an answer that is valid and needs no transform, that copy equals the input. `acceptsAsIs(schema)`
// compiles the schema once into a plain test: true means zod would accept the value and return a deep-equal
// copy, so the client can use the value itself. False (invalid, or anything the test cannot vouch for: a
// transform, a default, a strip-mode object with extra keys) means: ask zod, which also writes the messages.
//
// Sound by construction, not complete: every node it does not know answers false. The only deliberate
// difference from zod's copy is an own `__proto__` key (JSON.parse makes one), which zod drops and the value
// keeps. Tested against zod itself on generated schemas and values (test/darktrace/as-is.test.ts).
import type { z } from 'zod';

type Test = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: unknown[];
  innerType?: z.ZodType;
  element?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  options?: z.ZodType[];
  getter?: () => z.ZodType;
  keyType?: z.ZodType;
  valueType?: z.ZodType;
}

const optin = (schema: z.ZodType): string | undefined => (schema as unknown as { _zod: { optin?: string } })._zod.optin;
const optout = (schema: z.ZodType): string | undefined => (schema as unknown as { _zod: { optout?: string } })._zod.optout;
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const never: Test = () => false;
const always: Test = () => true;
const compiled = new WeakMap<z.ZodType, Test>();
/** Schemas whose test is also complete: false exactly when zod rejects (a union then need not ask zod). */
const exact = new WeakSet<z.ZodType>();

/** The plain test for `schema` (made once per schema). */
export function acceptsAsIs(schema: z.ZodType): Test {
  let test = compiled.get(schema);
  if (!test) {
    // A recursive schema reaches itself through z.lazy: the placeholder defers to the finished test.
    let finished: Test = never;
    compiled.set(schema, (value) => finished(value));
    const made = compile(schema);
    finished = made.test;
    compiled.set(schema, finished);
    if (made.complete) exact.add(schema);
    test = finished;
  }
  return test;
}

/** Whether the test is also complete: false exactly when zod rejects the value. */
export function isComplete(schema: z.ZodType): boolean {
  acceptsAsIs(schema);
  return exact.has(schema);
}

/** Whether the test can ever say true (false for schemas that always transform: zod must run anyway). */
export function canAcceptAsIs(schema: z.ZodType): boolean {
  return acceptsAsIs(schema) !== never;
}

/** A test, and whether it is also complete: false exactly when zod rejects (a union then need not ask zod). */
interface Made {
  test: Test;
  complete: boolean;
}
const complete = (test: Test): Made => ({ test, complete: true });
const partial = (test: Test): Made => ({ test, complete: false });

/** A leaf with checks: zod's own parse (a leaf's output is its input unless a check rewrites it). */
function leaf(schema: z.ZodType, def: Def, plain: Test): Made {
  if (!def.checks?.length) return complete(plain);
  if (def.checks.some((c) => checkKind(c) === 'overwrite')) return partial(never); // .trim(), .toLowerCase(): a new value
  return complete((value) => plain(value) && schema.safeParse(value).success);
}

const checkKind = (check: unknown): string | undefined =>
  (check as { _zod?: { def?: { check?: string } } })._zod?.def?.check;

function compile(schema: z.ZodType): Made {
  const def = defOf(schema);
  switch (def.type) {
    case 'unknown':
    case 'any':
      return complete(always);
    case 'string':
      return leaf(schema, def, (v) => typeof v === 'string');
    case 'number':
      return leaf(schema, def, (v) => typeof v === 'number' && Number.isFinite(v));
    case 'boolean':
      return leaf(schema, def, (v) => typeof v === 'boolean');
    case 'null':
      return complete((v) => v === null);
    case 'undefined':
      return complete((v) => v === undefined);
    case 'literal':
    case 'enum':
      return complete((v) => schema.safeParse(v).success);
    case 'optional': {
      const inner = acceptsAsIs(def.innerType!);
      const done = isComplete(def.innerType!);
      // zod hands undefined on to an inner schema that is optional itself (a default would fill it in).
      if (optin(def.innerType!) === 'optional') return { test: inner, complete: done };
      return { test: (v) => v === undefined || inner(v), complete: done };
    }
    case 'nullable': {
      const inner = acceptsAsIs(def.innerType!);
      return { test: (v) => v === null || inner(v), complete: isComplete(def.innerType!) };
    }
    case 'lazy': {
      let inner: Test | undefined;
      return partial((v) => (inner ??= acceptsAsIs(def.getter!()))(v));
    }
    case 'array':
      if (def.checks?.length) return partial(never);
      return { test: array(acceptsAsIs(def.element!)), complete: isComplete(def.element!) };
    case 'object':
      return def.checks?.length ? partial(never) : object(def);
    case 'record':
      return partial(record(def));
    case 'union':
      return { test: union(def.options!), complete: def.options!.every(isComplete) };
    default:
      // transform, pipe, default, catch, readonly, tuple, intersection, date…: zod decides.
      return partial(never);
  }
}

function array(element: Test): Test {
  if (element === never) return (v) => Array.isArray(v) && v.length === 0;
  return (v) => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!element(v[i])) return false;
    return true;
  };
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const isFine = (rule: boolean | Test): boolean => (typeof rule === 'boolean' ? rule : rule(undefined));

function object(def: Def): Made {
  const shape = def.shape ?? {};
  const keys = Object.keys(shape);
  const tests = keys.map((k) => acceptsAsIs(shape[k]));
  // An absent key, as zod's object sees it: fine for an optional-in-and-out schema, an error for one that is not
  // optional-in, and otherwise what the schema makes of undefined (a default fills it in: not as-is).
  const absent: Array<boolean | Test> = keys.map((k, i) =>
    optin(shape[k]) === 'optional' ? (optout(shape[k]) === 'optional' ? true : tests[i]) : false);
  const known = new Set(keys);
  const catchallType = def.catchall ? defOf(def.catchall).type : undefined;
  // Loose objects keep every other key as it is; strip-mode (no catchall) and strict (never) objects are as-is only
  // without other keys; any other catchall tests each other value.
  const rest: Test | undefined = catchallType === 'unknown' || catchallType === 'any' ? undefined : def.catchall && catchallType !== 'never' ? acceptsAsIs(def.catchall) : never;
  // A strip-mode object accepts other keys (it drops them): its test, false for them, is not complete.
  const restComplete = rest === undefined || catchallType === 'never' || (def.catchall !== undefined && isComplete(def.catchall));
  const test: Test = (v) => {
    if (!isPlainObject(v)) return false;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key in v ? !tests[i](v[key]) : !isFine(absent[i])) return false;
    }
    if (rest === undefined) return true;
    // zod skips an own __proto__ key past a catchall (a strict object's `never` rejects it).
    for (const key in v) if (!known.has(key) && (key === '__proto__' ? rest === never : !rest(v[key]))) return false;
    return true;
  };
  return { test, complete: restComplete && keys.every((k) => isComplete(shape[k])) };
}

function record(def: Def): Test {
  const keyDef = defOf(def.keyType!);
  // Only string-keyed records: an enum or literal key set makes zod demand every key, a check may reject one.
  if (keyDef.type !== 'string' || keyDef.checks?.length) return never;
  const value = acceptsAsIs(def.valueType!);
  return (v) => {
    if (!isPlainObject(v)) return false;
    for (const key in v) if (key === '__proto__' || !value(v[key])) return false;
    return true;
  };
}

/**
 * zod returns the first option that accepts the value: the value is as-is when that first option accepts it
 * as-is. An earlier option that accepts it only with changes (a transform) is the one zod would use, so false.
 */
function union(options: z.ZodType[]): Test {
  const tests = options.map(acceptsAsIs);
  const done = options.map(isComplete);
  return (v) => {
    for (let i = 0; i < options.length; i++) {
      if (tests[i](v)) return true;
      if (!done[i] && options[i].safeParse(v).success) return false;
    }
    return false;
  };
}
