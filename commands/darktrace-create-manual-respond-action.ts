// darktrace-create-manual-respond-action: a RESPOND action by hand (POST /antigena/manual, JSON). The reply
// carries the new action's id as `code` or `codeid` (both documented); the device's actions are read before and
// after, so the result says what the re-read showed and an ambiguous failure (5xx) is settled without a retry.
import {
  RESPOND_ACTIONS, RESPOND_ACTION_LABELS, createManualRespondAction, respondState, type RespondAction, type RespondActionType,
} from '../src/darktrace/resources/antigena.js';
import { answerText } from '../src/darktrace/resources/endpoint.js';
import { DarktraceError } from '../src/darktrace/errors.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { actionsOnDevice, actionsTable, describeError, outcomeUnknown, refused, restated, toActionRow } from '../src/respond/actions.js';
import { WRITE_OUTPUTS } from '../src/respond/outputs.js';

export interface BlockSpec { src: string; dst: string; port?: number }

const CONNECTIONS_HELP = 'a JSON array of {"src": IP or hostname, "dst": IP or hostname, "port"?: 1-65535}';

/** Pure: the `connections` argument → the block specs, or the problem with it. */
export function parseConnections(text: string): BlockSpec[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return `must be ${CONNECTIONS_HELP} (not valid JSON)`;
  }
  if (!Array.isArray(parsed) || parsed.length === 0) return `must be ${CONNECTIONS_HELP} with at least one entry`;
  const specs: BlockSpec[] = [];
  for (const [i, c] of parsed.entries()) {
    const entry = c as Record<string, unknown> | null;
    const extra = entry && typeof entry === 'object' ? Object.keys(entry).filter((k) => !['src', 'dst', 'port'].includes(k)) : [];
    if (!entry || typeof entry !== 'object' || typeof entry.src !== 'string' || !entry.src.trim() || typeof entry.dst !== 'string' || !entry.dst.trim()) {
      return `entry ${i + 1} needs "src" and "dst" (IP addresses or hostnames, as a pair)`;
    }
    if (extra.length > 0) return `entry ${i + 1} has unknown key ${extra.join(', ')} (allowed: src, dst, port)`;
    if (entry.port !== undefined && !(Number.isInteger(entry.port) && (entry.port as number) >= 1 && (entry.port as number) <= 65535)) {
      return `entry ${i + 1}: port must be a whole number from 1 to 65535`;
    }
    specs.push({ src: entry.src.trim(), dst: entry.dst.trim(), ...(entry.port !== undefined ? { port: entry.port as number } : {}) });
  }
  return specs;
}

const describeAction = (action: RespondActionType) => `${action} (${RESPOND_ACTION_LABELS[action]})`;

export default defineCommand({
  name: 'darktrace-create-manual-respond-action',
  description: 'Creates a manual RESPOND (Antigena) action on a device for a limited time. Not every action applies to every device '
    + '(Darktrace refuses pol, gpol and quarantineOutgoing on client-sensor devices). Never retried; the device\'s actions are read back and the result says what was verified.',
  access: 'write',
  args: {
    did: arg.int({ description: 'The device to act on (Darktrace device ID).', required: true, min: 1, aliases: ['deviceId'] }),
    action: arg.enum(RESPOND_ACTIONS, {
      description: 'connection (block matching connections; needs connections), pol (enforce pattern of life), gpol (enforce group pattern of life), '
        + 'quarantine, quarantineOutgoing (block all outgoing traffic) or quarantineIncoming (block all incoming traffic).',
      required: true,
    }),
    duration: arg.int({ description: 'How long the action lasts, in seconds.', required: true, min: 1 }),
    reason: arg.string({ description: 'Why (kept in the action history; required by Darktrace when RESPOND auditing is on).', maxLength: 1000 }),
    connections: arg.string({ description: `Only for action connection, and required for it: the connections to block, ${CONNECTIONS_HELP}.` }),
  },
  outputs: WRITE_OUTPUTS,
  async run(args, { client, now }) {
    const { did, action, duration, reason } = args;
    let connections: BlockSpec[] | undefined;
    if (action === 'connection') {
      if (args.connections === undefined) {
        throw new ArgumentError([{ path: 'connections', message: `is required for action connection: ${CONNECTIONS_HELP}` }]);
      }
      const parsed = parseConnections(args.connections);
      if (typeof parsed === 'string') throw new ArgumentError([{ path: 'connections', message: parsed }]);
      connections = parsed;
    } else if (args.connections !== undefined) {
      throw new ArgumentError([{ path: 'connections', message: `applies only to action connection (got action ${action})` }]);
    }

    const known = new Set((await actionsOnDevice(client, did)).map((a) => a.codeid));
    /** The action this request created, as a re-read shows it. */
    const created = (after: RespondAction[], codeid: number | undefined) => (codeid !== undefined
      ? after.find((a) => a.codeid === codeid)
      : after.find((a) => !known.has(a.codeid) && a.manual && a.action === action));

    let answer: { code?: number; codeid?: number } | undefined;
    let sendError: DarktraceError | undefined;
    try {
      answer = await createManualRespondAction(client, { did, action, duration, reason, connections });
    } catch (error) {
      if (refused(error)) {
        throw restated(error, `Darktrace refused RESPOND action ${describeAction(action)} on device ${did} (${error.message}) `
          + `Not every action applies to every device: Darktrace refuses pol, gpol and quarantineOutgoing on client-sensor (Darktrace/Endpoint) devices. `
          + `Check that device ${did} exists and choose an action it supports, e.g. quarantine or connection.`, false);
      }
      if (!outcomeUnknown(error)) throw error;
      sendError = error;
    }
    const codeid = answer?.code ?? answer?.codeid;
    let after: RespondAction[];
    try {
      after = await actionsOnDevice(client, did);
    } catch (readError) {
      if (sendError) {
        throw restated(sendError, `${sendError.message} The outcome is unknown: reading device ${did}'s RESPOND actions to check also failed (${describeError(readError)}). Check Darktrace before retrying.`, false);
      }
      if (codeid === undefined) throw createManualRespondAction.unconfirmed(`Darktrace answered ${answerText(answer)} without the new action's code, and reading device ${did}'s actions failed (${describeError(readError)}).`);
      const outputs = { codeid, did, action, label: RESPOND_ACTION_LABELS[action], state: 'active' as const, manual: true, active: true, cleared: false, verified: false };
      return {
        outputsPrefix: 'Darktrace.RespondAction', outputsKeyField: 'codeid', outputs, rawResponse: answer,
        readableOutput: actionsTable(`Manual RESPOND action ${codeid} on device ${did}`, [outputs],
          `Darktrace accepted the action (code ${codeid}) but it could not be verified: reading device ${did}'s actions failed (${describeError(readError)}).`),
      };
    }
    const found = created(after, codeid);
    const state = found ? respondState(found, now().getTime()) : undefined;
    if (sendError) {
      // Nothing new listed: settled, safe to retry. A new action in another state: not settled (never retryable).
      if (!found || state !== 'active') throw restated(sendError, `${sendError.message} A re-read of device ${did}'s RESPOND actions shows no new ${action} action: it was not created.`, !found, !found);
    } else if (!found) {
      throw createManualRespondAction.unconfirmed(codeid === undefined
        ? `Darktrace answered ${answerText(answer)} without the new action's code, and device ${did} shows no new manual ${action} action.`
        : `Darktrace answered ${answerText(answer)}, but device ${did} does not list RESPOND action ${codeid}.`);
    } else if (state !== 'active') {
      throw createManualRespondAction.unconfirmed(`Darktrace created RESPOND action ${found.codeid} on device ${did}, but a re-read shows it ${state}, not active.`);
    }
    const row = toActionRow(found!, now().getTime());
    const note = sendError
      ? `Darktrace reported an error (${sendError.message}) but a re-read shows action ${row.codeid} was created and is active until ${row.expires}.`
      : `Verified by reading device ${did}'s actions back: action ${row.codeid} is active until ${row.expires}.`;
    return {
      outputsPrefix: 'Darktrace.RespondAction',
      outputsKeyField: 'codeid',
      outputs: { ...row, verified: true },
      readableOutput: actionsTable(`Manual RESPOND action ${row.codeid} on device ${did}`, [row], note),
      rawResponse: sendError ? { error: sendError.message, after: found } : { answer, after: found },
    };
  },
});
