// Input errors of the profile engine. Shaped like the registry's ArgumentError (`code`, `errors[{path, message}]`)
// so the server answers them as 400 INVALID_ARGUMENTS naming the argument, without knowing this module.

export class ProfileInputError extends Error {
  readonly code = 'INVALID_ARGUMENTS' as const;
  readonly retryable = false;
  /** The command argument at fault (`window`, `timezone`, `groups`, `period_duration`, …). */
  readonly argument: string;
  /** The message without the argument name, for places that already say which input it is (the CLI). */
  readonly reason: string;
  readonly errors: Array<{ path: string; message: string }>;
  constructor(argument: string, reason: string) {
    super(`${argument}: ${reason}`);
    this.name = 'ProfileInputError';
    this.argument = argument;
    this.reason = reason;
    this.errors = [{ path: argument, message: this.message }];
  }
}

/** Where in the selector text something went wrong: 1-based line and column, 0-based offset. */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

/** A window selector that cannot be used: `at 1:8: expected a time unit after "30"`. */
export class SelectorError extends ProfileInputError {
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  constructor(position: SourcePosition, problem: string, argument = 'window') {
    super(argument, `at ${position.line}:${position.column}: ${problem}`);
    this.name = 'SelectorError';
    this.line = position.line;
    this.column = position.column;
    this.offset = position.offset;
  }
}
