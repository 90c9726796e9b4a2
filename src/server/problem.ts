// RFC 9457 problem+json errors with the XSOAR error entry the shim hands to return_error (SPEC §5).
import type { Response } from 'express';
import { DarktraceError, outcomeUncertain } from '../darktrace/errors.js';
import { errorEntry } from '../registry/entry.js';

export type ProblemCode =
  | 'INVALID_ARGUMENTS' | 'UNAUTHENTICATED' | 'FORBIDDEN' | 'UNKNOWN_COMMAND' | 'NOT_FOUND' | 'PAYLOAD_TOO_LARGE'
  | 'RATE_LIMITED' | 'UPSTREAM_ERROR' | 'UPSTREAM_UNAVAILABLE' | 'UPSTREAM_TIMEOUT' | 'OUTCOME_UNKNOWN'
  | 'IDEMPOTENCY_IN_PROGRESS' | 'IDEMPOTENCY_KEY_REUSED' | 'INTERNAL';

const TITLES: Record<ProblemCode, [status: number, title: string]> = {
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
  INTERNAL: [500, 'Internal error'],
};

export interface ProblemInit {
  code: ProblemCode;
  detail: string;
  retryable?: boolean;
  errors?: Array<{ path: string; message: string }>;
  upstreamStatus?: number;
  retryAfterSeconds?: number;
  suggestion?: string;
}

/** An error that the HTTP layer turns into a problem response. */
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
  // A 2xx answer that is not what the command needs (e.g. the fetch engine's FetchUpstreamError).
  if (err instanceof Error && (err as { code?: unknown }).code === 'INVALID_RESPONSE') {
    return { code: 'UPSTREAM_ERROR', detail: `Darktrace returned an unexpected response: ${err.message}.`, retryable: false };
  }
  return { code: 'INTERNAL', detail: 'Internal error in the Darktrace SOAR plugin; see the server log for this request id.' };
}

/** Sends a problem+json body; `command` names the command for the XSOAR error entry when there is one. */
export function sendProblem(res: Response, init: ProblemInit, context: { requestId: string; command?: string }): void {
  const [status, title] = TITLES[init.code];
  const body: Record<string, unknown> = {
    // A URN rather than a URL: it names the problem type without promising a documentation site.
    type: `urn:darktrace-soar:problem:${init.code.toLowerCase().replaceAll('_', '-')}`,
    title,
    status,
    detail: init.detail,
    code: init.code,
    retryable: init.retryable ?? false,
    command: context.command ?? null,
    requestId: context.requestId,
    instance: context.requestId,
  };
  if (init.errors) body.errors = init.errors;
  if (init.upstreamStatus !== undefined) body.upstreamStatus = init.upstreamStatus;
  if (init.suggestion) body.suggestion = init.suggestion;
  body.entry = errorEntry(context.command ?? 'the requested', init.detail);
  if (init.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(Math.max(0, Math.ceil(init.retryAfterSeconds))));
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}
