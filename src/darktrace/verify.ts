// Write commands whose request failed ambiguously (outcomeUncertain: a timeout, a reset, a 5xx, a garbled 2xx)
// read the state back and report what they found, instead of leaving the caller to guess whether to retry.
import { DarktraceError } from './errors.js';

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The write did not happen (a read shows the state unchanged): the original error, saying so, safe to retry.
 * `found` completes "A read … shows …", e.g. "the tag is still on the device".
 */
export function notApplied(error: DarktraceError, found: string): DarktraceError {
  return new DarktraceError(error.code, `${error.message} ${found}: nothing was changed, so it is safe to retry.`, {
    method: error.method, path: error.path, upstreamStatus: error.upstreamStatus, retryable: true, verified: true, cause: error,
  });
}

/** The check itself failed: the outcome stays unknown (the problem mapping makes that OUTCOME_UNKNOWN). */
export function checkFailed(error: DarktraceError, check: string, readError: unknown): DarktraceError {
  return new DarktraceError(error.code, `${error.message} The outcome is unknown: ${check} to check also failed (${describe(readError)}).`, {
    method: error.method, path: error.path, upstreamStatus: error.upstreamStatus, retryable: false, cause: error,
  });
}
