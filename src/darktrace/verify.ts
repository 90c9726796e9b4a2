// Writes that say what they verified. A Darktrace write is sent once (never retried blindly); its effect is
// then read back, because the answers cannot be trusted on their own: the appliance may apply a change and
// still answer 5xx (reference §3), answer bodies differ between versions (§6.4), and 7.0.42 answers SUCCESS
// to an AI Analyst comment it does not store (SDK #62). The read decides the outcome:
//   write ok, read shows the effect      → done ("verified")
//   write ok, read shows no effect       → INVALID_RESPONSE naming what Darktrace answered and what the read saw
//   write ok, read fails                 → done if the answer confirmed it, said to be unverified
//   write failed ambiguously (5xx, timeout, dropped, unreadable), read shows the effect → done, with a note
//   write failed ambiguously, read shows no effect → the original error saying nothing changed (safe to retry);
//   read fails too → the original error saying the outcome is unknown (OUTCOME_UNKNOWN, not retryable)
//   write refused (4xx) and the entity does not exist → NOT_FOUND naming it
// Commands with their own read-back (post-tag, the watched list) use notApplied/checkFailed directly.
import { Problem } from '../pipeline/problem.js';
import { DarktraceError, outcomeUncertain } from './errors.js';
import { answerText } from './resources/endpoint.js';

/** Errors after which a write may or may not have been applied (the shared rule: outcomeUncertain). */
export function outcomeUnknown(error: unknown): error is DarktraceError {
  return error instanceof DarktraceError && outcomeUncertain(error);
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

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

/** For `WriteCheck.read`: a NOT_FOUND answer to the read means the entity does not exist (undefined). */
export async function absentWhenNotFound<S>(read: Promise<S>): Promise<S | undefined> {
  try {
    return await read;
  } catch (error) {
    if ((error as { code?: string }).code === 'NOT_FOUND') return undefined;
    throw error;
  }
}

export interface WriteCheck<S> {
  /** Reads the entity after the write; undefined when it does not exist. */
  read(): Promise<S | undefined>;
  /** Whether the state read shows the effect of the write. */
  done(state: S): boolean;
  /** The entity, for messages: `model breach 158`. */
  entity: string;
  /** What a read showing the effect proves, completing "a read of <entity> shows …": `it acknowledged`. */
  effect: string;
}

export interface WriteOutcome<A, S> {
  /** The write's own answer (undefined when it failed and the read settled the outcome). */
  answer: A | undefined;
  /** The entity as read back, when the read succeeded. */
  state: S | undefined;
  /** True when a read showed the effect. */
  verified: boolean;
  /** One sentence for the readable output: what was verified and how. */
  verification: string;
}

/**
 * Sends a write once, then settles its outcome with a read (see the header). `confirms` says whether a 2xx
 * answer claims success; `unconfirmed` builds the INVALID_RESPONSE error of the endpoint.
 */
export async function verifiedWrite<A, S>(
  send: () => Promise<A>,
  endpoint: { confirms(answer: A): boolean; unconfirmed(message: string): DarktraceError },
  check: WriteCheck<S>,
): Promise<WriteOutcome<A, S>> {
  const notFound = () => new Problem({ code: 'NOT_FOUND', detail: `Darktrace has no ${check.entity}.`, retryable: false });
  let answer: A;
  try {
    answer = await send();
  } catch (error) {
    if (!(error instanceof DarktraceError)) throw error;
    const refused = !outcomeUncertain(error);
    if (refused && !(error.code === 'NOT_FOUND' || error.code === 'UPSTREAM_STATUS')) throw error;
    let state: S | undefined;
    try {
      state = await check.read();
    } catch (readError) {
      if (refused) throw error;
      throw checkFailed(error, `reading ${check.entity}`, readError);
    }
    if (state === undefined) throw notFound();
    if (refused) throw error;
    if (!check.done(state)) throw notApplied(error, `A read of ${check.entity} does not show ${check.effect}`);
    return {
      answer: undefined, state, verified: true,
      verification: `Darktrace reported an error (${error.message}) but a read of ${check.entity} shows ${check.effect}.`,
    };
  }
  const claimed = endpoint.confirms(answer);
  let state: S | undefined;
  try {
    state = await check.read();
  } catch (readError) {
    if (!claimed) throw endpoint.unconfirmed(`Darktrace answered ${answerText(answer)} and reading ${check.entity} to check failed (${describe(readError)}).`);
    return { answer, state: undefined, verified: false, verification: `Darktrace confirmed it; reading ${check.entity} back failed (${describe(readError)}), so it is not verified.` };
  }
  if (state === undefined) throw notFound();
  if (!check.done(state)) {
    throw endpoint.unconfirmed(`Darktrace answered ${answerText(answer)} but a read of ${check.entity} does not show ${check.effect}.`);
  }
  return {
    answer, state, verified: true,
    verification: claimed
      ? `Verified: a read of ${check.entity} shows ${check.effect}.`
      : `Darktrace answered ${answerText(answer)}; a read of ${check.entity} shows ${check.effect}.`,
  };
}

