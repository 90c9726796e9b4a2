import type { ParamError } from './params.js';

/**
 * Bad input to a fetch (parameters or lastRun): the caller's fault, HTTP 400 INVALID_ARGUMENTS.
 * `errors` lists every problem as `{ path, message }` (paths like `max_fetch` or `lastRun.time`).
 */
export class FetchInputError extends Error {
  readonly code = 'INVALID_ARGUMENTS' as const;
  readonly retryable = false;
  readonly errors: ParamError[];
  constructor(errors: ParamError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'FetchInputError';
    this.errors = errors;
  }
}

/**
 * The appliance answered 2xx with something that is not a list of the source's items. Shaped like
 * DarktraceError (`code`, `retryable`, `method`, `path`) so the server maps it the same way (502 UPSTREAM_ERROR).
 */
export class FetchUpstreamError extends Error {
  readonly code = 'INVALID_RESPONSE' as const;
  readonly retryable = false;
  readonly method = 'GET';
  readonly path: string;
  constructor(message: string, path: string) {
    super(message);
    this.name = 'FetchUpstreamError';
    this.path = path;
  }
}
