// Every failure of an invocation as one ProblemInit: a code with its HTTP status and title (RFC 9457), a
// detail a person can act on, and an honest `retryable`. The HTTP server sends it as problem+json, the CLI
// prints its detail; the mapping from errors to problems happens here, once.
import { DarktraceError, outcomeUncertain } from '../darktrace/errors.js';
import { DescriptorNotFoundError } from '../descriptors/errors.js';
import { DescriptorAccessError } from '../descriptors/access.js';
import { StoreError } from '../store/types.js';

/** Code → [HTTP status, title]. The title is per code, never per occurrence (RFC 9457 §3.1.3). */
export const PROBLEM_CODES = {
  INVALID_ARGUMENTS: [400, 'Invalid arguments'],
  UNAUTHENTICATED: [401, 'Unauthenticated'],
  FORBIDDEN: [403, 'Forbidden'],
  UNKNOWN_COMMAND: [404, 'Unknown command'],
  NOT_FOUND: [404, 'Not found'],
  IDEMPOTENCY_IN_PROGRESS: [409, 'Request in progress'],
  PAYLOAD_TOO_LARGE: [413, 'Payload too large'],
  IDEMPOTENCY_KEY_REUSED: [422, 'Idempotency key reused'],
  RATE_LIMITED: [429, 'Rate limited'],
  UPSTREAM_ERROR: [502, 'Darktrace error'],
  UPSTREAM_UNAVAILABLE: [503, 'Darktrace unavailable'],
  UPSTREAM_TIMEOUT: [504, 'Darktrace timeout'],
  OUTCOME_UNKNOWN: [502, 'Outcome unknown'],
  STORE_UNAVAILABLE: [503, 'Store unavailable'],
  INTERNAL: [500, 'Internal error'],
} as const satisfies Record<string, readonly [status: number, title: string]>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface ProblemInit {
  code: ProblemCode;
  detail: string;
  retryable?: boolean;
  errors?: Array<{ path: string; message: string }>;
  upstreamStatus?: number;
  retryAfterSeconds?: number;
  suggestion?: string;
}

/** An error that becomes exactly this problem. */
export class Problem extends Error {
  constructor(readonly init: ProblemInit) {
    super(init.detail);
  }
}

/** Darktrace's own "your input is wrong" answers ("No tag named …", an over-long header): the caller's to fix. */
const INPUT_STATUSES = new Set([400, 413, 414, 431]);

export const OUTCOME_UNKNOWN_ADVICE = 'Darktrace may or may not have applied this change: read the current state before retrying, or the change may be made twice.';

export interface ProblemOptions {
  /** The command changes Darktrace: an ambiguous failure is OUTCOME_UNKNOWN, never retryable. */
  writes?: boolean;
}

/**
 * Maps a Darktrace client error to the endpoint's problem codes — the one place that decides `retryable`:
 * true only where a retry cannot double an effect (reads; writes that certainly did not happen).
 */
export function problemFromDarktrace(err: DarktraceError, options: ProblemOptions = {}): ProblemInit {
  const base = { detail: err.message, retryable: err.retryable, upstreamStatus: err.upstreamStatus };
  if (err.code === 'TARGET_DENIED') return { ...base, code: 'FORBIDDEN', retryable: false };
  if (err.code === 'UPSTREAM_STATUS' && INPUT_STATUSES.has(err.upstreamStatus ?? 0)) {
    return { ...base, code: 'INVALID_ARGUMENTS', retryable: false, errors: [{ path: 'args', message: err.message }] };
  }
  if (options.writes && outcomeUncertain(err)) {
    return { ...base, code: 'OUTCOME_UNKNOWN', retryable: false, detail: `${err.message} ${OUTCOME_UNKNOWN_ADVICE}` };
  }
  switch (err.code) {
    case 'TIMEOUT':
      return { ...base, code: 'UPSTREAM_TIMEOUT', retryable: true };
    case 'CONNECTION':
      // err.retryable is false for configuration faults (certificates, TLS versions, invalid header values).
      return { ...base, code: 'UPSTREAM_UNAVAILABLE' };
    case 'RATE_LIMITED':
      // Passed on so callers (the XSOAR shim) wait as long as Darktrace asked instead of their own short backoff.
      return { ...base, code: 'RATE_LIMITED', retryable: true, retryAfterSeconds: err.retryAfterSeconds };
    default:
      return { ...base, code: 'UPSTREAM_ERROR' };
  }
}

export function toProblemInit(err: unknown, options: ProblemOptions = {}): ProblemInit {
  if (err instanceof Problem) return err.init;
  if (err instanceof DarktraceError) return problemFromDarktrace(err, options);
  // Input errors raised by commands or engines (registry ArgumentError, fetch FetchInputError).
  if (err instanceof Error && (err as { code?: unknown }).code === 'INVALID_ARGUMENTS' && Array.isArray((err as { errors?: unknown }).errors)) {
    return { code: 'INVALID_ARGUMENTS', detail: err.message, errors: (err as unknown as { errors: ProblemInit['errors'] }).errors };
  }
  // The descriptor store (src/descriptors, src/store): an unknown descriptor, or a database that cannot answer.
  if (err instanceof DescriptorAccessError) return { code: 'FORBIDDEN', detail: err.message, retryable: false };
  if (err instanceof DescriptorNotFoundError) return { code: 'NOT_FOUND', detail: err.message, retryable: false };
  if (err instanceof StoreError) return { code: 'STORE_UNAVAILABLE', detail: err.message, retryable: err.retryable };
  // A 2xx answer that is not what the command needs (e.g. the fetch engine's FetchUpstreamError).
  if (err instanceof Error && (err as { code?: unknown }).code === 'INVALID_RESPONSE') {
    return { code: 'UPSTREAM_ERROR', detail: `Darktrace returned an unexpected response: ${err.message}.`, retryable: false };
  }
  return { code: 'INTERNAL', detail: 'Internal error in the Darktrace SOAR plugin; see the server log for this request id.' };
}
