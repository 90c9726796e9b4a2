export {
  arg,
  ARG_LIMITS,
  argJsonSchema,
  type AnyArgSpec,
  type ArgKind,
  type ArgSpec,
  type ArgSpecs,
  type ArgValue,
  type InferArgs,
  type JsonSchema,
  type Presence,
} from './args.js';
export {
  defineCommand,
  RESERVED_ARGS,
  ArgumentError,
  type CommandContext,
  type CommandDef,
  type CommandDefinition,
  type CommandResult,
  type CommandReturn,
  type OutputSpec,
  type OutputType,
} from './command.js';
export { contextKey, errorEntry, normaliseResults, toEntry, type XsoarEntry, type XsoarErrorEntry } from './entry.js';
export { Registry, type ArgError, type ArgManifest, type CommandManifest, type ParseResult } from './registry.js';
export { msToIso } from './time.js';
