// Activate, extend and clear: one flow for the three POST /antigena changes. The reply body is unverified
// (reference §5.3), so: find the action first (its did, its state, whether the change makes sense), send once,
// then re-read it and say what the re-read showed. A 5xx or a dropped connection leaves the outcome unknown:
// the re-read settles it. Nothing is retried.
import { respondState, type RespondAction, type RespondState } from '../darktrace/resources/antigena.js';
import { answerText, type DarktraceApi } from '../darktrace/resources/endpoint.js';
import { DarktraceError } from '../darktrace/errors.js';
import { ArgumentError, type CommandResult } from '../registry/index.js';
import { msToIso } from '../registry/time.js';
import { actionsTable, describeError, outcomeUnknown, readAction, refused, restated, toActionRow, type RespondActionRow } from './actions.js';

export interface RespondChange {
  codeid: number;
  /** The verb for messages: 'activate', 'extend', 'clear'. */
  verb: string;
  /** Refuses a change that cannot apply to the action as it stands: an ArgumentError naming the argument. */
  precheck(before: RespondAction, state: RespondState): ArgumentError | undefined;
  /** Already done: answered without sending anything (clear of a cleared action). */
  alreadyDone?(state: RespondState): boolean;
  send(): Promise<unknown>;
  /** Whether the re-read shows the change: undefined when it does, else what it shows instead. */
  verify(before: RespondAction, after: RespondAction, now: number): string | undefined;
  /** What a verified change looks like, for the readable note. */
  shows(after: RespondActionRow): string;
}

export interface ChangeResult extends CommandResult { outputs: RespondActionRow & { verified: boolean } }

const until = (row: RespondActionRow) => (row.expires ? ` until ${row.expires}` : '');
export const showsActive = (row: RespondActionRow) => `action ${row.codeid} is active${until(row)}`;

export async function changeRespondAction(client: DarktraceApi, now: () => Date, change: RespondChange): Promise<ChangeResult> {
  const { codeid, verb } = change;
  const before = await readAction(client, codeid);
  if (!before) {
    throw new ArgumentError([{ path: 'codeid', message: `Darktrace lists no RESPOND action ${codeid} (GET /antigena shows current actions, cleared ones, and those that expired within the last 14 days)` }]);
  }
  const stateBefore = respondState(before, now().getTime());
  const result = (after: RespondAction, verified: boolean, note: string, raw: unknown): ChangeResult => {
    const row = toActionRow(after, now().getTime());
    const outputs = { ...row, verified };
    return {
      outputsPrefix: 'Darktrace.RespondAction',
      outputsKeyField: 'codeid',
      outputs,
      readableOutput: actionsTable(`RESPOND action ${codeid}: ${verb}`, [row], note),
      rawResponse: raw,
    };
  };
  if (change.alreadyDone?.(stateBefore)) {
    return result(before, true, `Action ${codeid} is already ${stateBefore}; nothing was sent.`, { before });
  }
  const problem = change.precheck(before, stateBefore);
  if (problem) throw problem;

  let answer: unknown;
  let sendError: DarktraceError | undefined;
  try {
    answer = await change.send();
  } catch (error) {
    if (refused(error)) {
      throw restated(error, `Darktrace refused to ${verb} RESPOND action ${codeid} (${before.label ?? before.action} on device ${before.did}, ${stateBefore}): ${error.message}`, false);
    }
    if (!outcomeUnknown(error)) throw error;
    sendError = error;
  }

  let after: RespondAction | undefined;
  try {
    after = await readAction(client, codeid, before.did);
  } catch (readError) {
    if (sendError) {
      throw restated(sendError, `${sendError.message} The outcome is unknown: reading RESPOND action ${codeid} back to check also failed (${describeError(readError)}). Check the action in Darktrace before retrying.`, false);
    }
    return result(before, false, `Darktrace accepted the change (HTTP 2xx) but it could not be verified: reading action ${codeid} back failed (${describeError(readError)}). The row shows the action as it was before.`, { answer, before });
  }
  const mismatch = after ? change.verify(before, after, now().getTime()) : `action ${codeid} is no longer listed`;
  if (sendError) {
    if (mismatch) throw restated(sendError, `${sendError.message} A re-read shows the change was not applied: ${mismatch}.`, true, true);
    const row = toActionRow(after!, now().getTime());
    return result(after!, true, `Darktrace reported an error (${sendError.message}) but a re-read shows the change was applied: ${change.shows(row)}.`, { error: sendError.message, after });
  }
  if (mismatch) {
    throw new DarktraceError('INVALID_RESPONSE',
      `Darktrace answered ${answerText(answer)} to ${verb} RESPOND action ${codeid}, but a re-read shows the change was not applied: ${mismatch}.`,
      { method: 'POST', path: '/antigena', retryable: false, verified: true });
  }
  const row = toActionRow(after!, now().getTime());
  return result(after!, true, `Verified by reading the action back: ${change.shows(row)}.`, { answer, after });
}

/** `state` unless it is the one expected, as the re-read's finding. */
export const expectState = (after: RespondAction, now: number, expected: RespondState): string | undefined => {
  const state = respondState(after, now);
  return state === expected ? undefined : `action ${after.codeid} is ${state}${after.expires ? ` (expires ${msToIso(after.expires)})` : ''}`;
};
