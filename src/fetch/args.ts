// Command arguments derived from the fetch parameter declarations (params.ts): fetch-incidents takes them as
// typed arguments; test-module takes them as plain text, because XSOAR sends them even when fetching is off and
// they are checked (with parseFetchParams) only when it is on.
import { arg, type AnyArgSpec, type ArgSpecs } from '../registry/args.js';
import { parseFirstFetch, type FetchParamSpec } from './params.js';

function argOf(spec: FetchParamSpec): AnyArgSpec {
  const common = { description: spec.description, aliases: spec.aliases };
  switch (spec.kind) {
    case 'int':
      return arg.int({ ...common, default: spec.default, min: spec.min, max: spec.max });
    case 'number':
      return arg.number({ ...common, default: spec.default, min: spec.min, max: spec.max });
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
  return Object.fromEntries(specs.map((spec) => [spec.name, argOf(spec)]));
}

/** test-module's fetch arguments: the same names and aliases as text, validated by parseFetchParams when isFetch is on. */
export function fetchCheckArgs(specs: readonly FetchParamSpec[]): ArgSpecs {
  return Object.fromEntries(
    specs.map((spec) => [
      spec.name,
      arg.string({ description: `Fetch (checked when isFetch is true): ${spec.description}`, aliases: spec.aliases }),
    ]),
  );
}
