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
  type Invocation,
  type Services,
  type CommandDef,
  type CommandDefinition,
  type CommandResult,
  type CommandReturn,
  type OutputSpec,
  type OutputType,
} from './command.js';
export { ACCESS_LEVELS, LOCAL_OPERATOR, admits, hasFunction, isAccess, refusal, type Access, type Caller, type Requirement } from './access.js';
export { contextKey, errorEntry, normaliseResults, toEntry, type XsoarEntry, type XsoarErrorEntry } from './entry.js';
export { Registry, closest, type ArgError, type ArgManifest, type CommandManifest, type ParseResult } from './registry.js';
export { msToIso } from './time.js';
