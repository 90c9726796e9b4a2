// What the fetch parameter declarations (params.ts) turn into: each declaration becomes one argument spec (the
// registry's coercion, range and default), and every way of passing fetch parameters goes through that spec:
// - fetch-incidents takes them as typed arguments (fetchArgs);
// - test-module takes them as plain text (fetchCheckArgs), because XSOAR sends them even when fetching is off,
//   and checks them with parseParams only when it is on;
// - parseParams (HTTP `params`, test-module, the CLI) accepts exactly what the argument spec accepts, with
//   messages that state the whole allowed range.
import { arg, isBlank, type AnyArgSpec, type ArgSpecs } from '../registry/args.js';
import { FIRST_FETCH_HELP, choicesMessage, defaultsOf, parseFirstFetch, rangeMessage, show, type FetchParamSpec, type ParamError } from './params.js';

const built = new WeakMap<FetchParamSpec, AnyArgSpec>();

/** The argument spec of one fetch parameter (built once per declaration). */
export function fetchParamArg(spec: FetchParamSpec): AnyArgSpec {
  let argSpec = built.get(spec);
  if (!argSpec) built.set(spec, (argSpec = buildArg(spec)));
  return argSpec;
}

function buildArg(spec: FetchParamSpec): AnyArgSpec {
  const common = { description: spec.description, aliases: spec.aliases };
  switch (spec.kind) {
    case 'int':
      return arg.int({ ...common, default: spec.default, min: spec.min, max: spec.max });
    case 'number':
      return arg.number({ ...common, default: spec.default, min: spec.min, max: spec.max });
    case 'choices':
      return arg.list({ ...common, default: [...spec.default], check: (list) => choicesMessage(spec, spec.name, list)?.replace(new RegExp(`^${spec.name} `), '') });
    case 'time':
      // Checked with the other arguments so that one answer names every bad parameter.
      return arg.string({
        ...common,
        default: spec.default,
        check: (text) => {
          try {
            parseFirstFetch(text, Date.now());
            return undefined;
          } catch (err) {
            return (err as Error).message.replace(new RegExp(`^${spec.name} `), '');
          }
        },
      });
  }
}

/** fetch-incidents' arguments: one typed argument per fetch parameter, with its default, range and aliases. */
export function fetchArgs(specs: readonly FetchParamSpec[]): ArgSpecs {
  return Object.fromEntries(specs.map((spec) => [spec.name, fetchParamArg(spec)]));
}

/** test-module's fetch arguments: the same names and aliases as text, validated by parseParams when isFetch is on. */
export function fetchCheckArgs(specs: readonly FetchParamSpec[]): ArgSpecs {
  return Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      arg.string({ description: `Fetch (checked when isFetch is true): ${spec.description}`, aliases: spec.aliases }),
    ]),
  );
}

/** The registry's notion of "the same value" for a name and its alias (so both paths agree on conflicts). */
function sameValue(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b) || String(a) === String(b);
}

/** One raw value (sent as `name`: the canonical name or an alias) → its typed value, or a message. */
function parseValue(spec: FetchParamSpec, name: string, raw: unknown, now: number): { value: number | string | string[] } | { message: string } {
  if (spec.kind === 'choices') {
    const checked = fetchParamArg(spec).schema.safeParse(raw);
    if (!checked.success) return { message: `${name} ${checked.error.issues[0].message}` };
    const list = checked.data as string[] | undefined;
    if (list === undefined) return { value: [...spec.default] };
    const message = choicesMessage(spec, name, list);
    return message ? { message } : { value: list };
  }
  if (spec.kind === 'time') {
    if (typeof raw !== 'string' && typeof raw !== 'number') return { message: `${name} must be a string; ${FIRST_FETCH_HELP}` };
    const text = String(raw).trim();
    try {
      parseFirstFetch(text, now); // against the fetch's now, not the wall clock
    } catch (e) {
      return { message: (e as Error).message };
    }
    const checked = fetchParamArg(spec).schema.safeParse(raw); // whatever else the argument requires
    return checked.success ? { value: text } : { message: `${name}: ${checked.error.issues[0].message}` };
  }
  const checked = fetchParamArg(spec).schema.safeParse(raw);
  return checked.success ? { value: checked.data as number } : { message: rangeMessage(spec, name, raw) };
}

export type ParseParamsResult<P> = { ok: true; params: P } | { ok: false; errors: ParamError[] };

/**
 * Validates fetch parameters against their declarations. Unknown keys are ignored (the caller may pass a whole
 * XSOAR instance configuration: url, tokens, isFetch…). Blank values take the defaults. A parameter given under
 * its name and an alias with different values is an error. Every bad parameter is reported, each message naming
 * the parameter (as the caller spelt it) and what is allowed; time expressions are checked last. `now` (ms) is
 * what `first_fetch` is checked against.
 */
export function parseParams<P>(specs: readonly FetchParamSpec[], raw: unknown, now: number = Date.now()): ParseParamsResult<P> {
  if (raw !== undefined && raw !== null && (typeof raw !== 'object' || Array.isArray(raw))) {
    return { ok: false, errors: [{ path: 'params', message: 'params must be an object' }] };
  }
  const p = (raw ?? {}) as Record<string, unknown>;
  const values = defaultsOf(specs);
  const errors: ParamError[] = [];
  const ordered = [...specs.filter((s) => s.kind !== 'time'), ...specs.filter((s) => s.kind === 'time')];
  for (const spec of ordered) {
    const given = [spec.name, ...spec.aliases].filter((name) => !isBlank(p[name]));
    if (given.length === 0) continue;
    const [name] = given;
    const other = given.find((alias) => !sameValue(p[name], p[alias]));
    if (other !== undefined) {
      errors.push({
        path: spec.name,
        message: `${name} (${show(p[name])}) and its alias ${other} (${show(p[other])}) disagree; set only one`,
      });
      continue;
    }
    const parsed = parseValue(spec, name, p[name], now);
    if ('message' in parsed) errors.push({ path: name, message: parsed.message });
    else values[spec.key] = parsed.value;
  }
  return errors.length ? { ok: false, errors } : { ok: true, params: values as P };
}
