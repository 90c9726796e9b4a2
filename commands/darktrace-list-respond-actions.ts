// darktrace-list-respond-actions: RESPOND (Antigena) actions with their derived state (GET /antigena).
import { actionsOf, respondActions, type RespondActionList } from '../src/darktrace/resources/antigena.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { instantCheck, parseInstant } from '../src/registry/instant.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';
import { actionsTable, toActionRow, type RespondActionRow } from '../src/respond/actions.js';

/** Pure transform: the answer (array or object) → one row per action, connections and device attached by did. */
export function toOutputs(answer: RespondActionList, now: number): RespondActionRow[] {
  const { actions, connections, devices } = actionsOf(answer);
  const withConnections = !Array.isArray(answer) && Array.isArray(answer.connections);
  return actions.map((a) => toActionRow(a, now, {
    ...(withConnections ? { connections: connections.filter((c) => c.did === a.did && (!c.action || c.action === a.action)) } : {}),
    device: devices.find((d) => d.did === a.did),
  }));
}

export function toReadable(rows: RespondActionRow[]): string {
  const counts = ['pending', 'active', 'expired', 'cleared'].map((s) => `${rows.filter((r) => r.state === s).length} ${s}`).join(', ');
  let text = actionsTable('Darktrace RESPOND actions', rows, counts);
  const history = rows.flatMap((r) => (r.history ?? []).map((h) => ({ 'Code ID': r.codeid, Time: h.time ?? '', Change: h.action, User: h.username ?? '', Reason: h.reason ?? '' })));
  if (rows.some((r) => r.history)) text += tableToMarkdown('History', history, { headers: ['Code ID', 'Time', 'Change', 'User', 'Reason'] });
  const blocked = rows.flatMap((r) => (r.connections ?? []).map((c) => ({ 'Code ID': r.codeid, Time: c.time ?? '', Direction: c.direction ?? '', IP: c.ip ?? '', Port: c.port ?? '' })));
  if (rows.some((r) => r.connections)) text += tableToMarkdown('Blocked connections', blocked, { headers: ['Code ID', 'Time', 'Direction', 'IP', 'Port'] });
  return text;
}

const P = 'Darktrace.RespondAction';

export default defineCommand({
  name: 'darktrace-list-respond-actions',
  description: 'Lists RESPOND (Antigena) actions with their state: pending (awaiting approval), active, expired or cleared. '
    + 'By default Darktrace returns current actions and those that expired within the last 14 days; give start_time and end_time for another window.',
  access: 'read',
  args: {
    did: arg.int({ description: 'Only actions on this device (Darktrace device ID).', min: 1, aliases: ['deviceId'] }),
    pbid: arg.int({ description: 'Only actions created by this model breach.', min: 1 }),
    need_confirming: arg.bool({ description: 'true: only actions awaiting human confirmation (pending); false: only those that do not.', aliases: ['needConfirming'] }),
    include_cleared: arg.bool({ description: 'Include actions that were cleared by hand.', default: false, aliases: ['includeCleared'] }),
    include_history: arg.bool({ description: 'Include each action\'s history (created, extended, cleared, reactivated).', default: false, aliases: ['includeHistory'] }),
    include_connections: arg.bool({ description: 'Include the connection attempts the actions blocked.', default: false, aliases: ['includeConnections'] }),
    full_device_details: arg.bool({ description: 'Include details of each targeted device.', default: false, aliases: ['fullDeviceDetails'] }),
    start_time: arg.string({ description: 'Actions that started at or after this time (epoch ms or ISO 8601); needs end_time.', check: instantCheck, aliases: ['startTime'] }),
    end_time: arg.string({ description: 'Actions that started at or before this time (epoch ms or ISO 8601); needs start_time.', check: instantCheck, aliases: ['endTime'] }),
  },
  outputs: [
    { contextPath: `${P}.codeid`, type: 'Number', description: 'The action ID.' },
    { contextPath: `${P}.did`, type: 'Number', description: 'The targeted device.' },
    { contextPath: `${P}.ip`, type: 'String', description: 'The targeted device\'s IP address.' },
    { contextPath: `${P}.action`, type: 'String', description: 'connection, pol, gpol, quarantine, quarantineOutgoing or quarantineIncoming.' },
    { contextPath: `${P}.label`, type: 'String', description: 'What the action does, e.g. "Quarantine device".' },
    { contextPath: `${P}.state`, type: 'String', description: 'pending (awaiting approval), active, expired or cleared: derived from the flags and the expiry (active stays true after expiry).' },
    { contextPath: `${P}.manual`, type: 'Boolean', description: 'Created by hand rather than by a model.' },
    { contextPath: `${P}.active`, type: 'Boolean', description: 'Darktrace\'s flag: true once activated, and still true after expiry.' },
    { contextPath: `${P}.cleared`, type: 'Boolean', description: 'Darktrace\'s flag: true only after a manual clear.' },
    { contextPath: `${P}.blocked`, type: 'Boolean', description: 'Whether any matching connection was blocked.' },
    { contextPath: `${P}.score`, type: 'Number', description: 'Score of the triggering model breach (0-1; 0 for manual actions).' },
    { contextPath: `${P}.pbid`, type: 'Number', description: 'The model breach that triggered the action (absent for manual actions).' },
    { contextPath: `${P}.model`, type: 'String', description: 'The triggering model (absent for manual actions).' },
    { contextPath: `${P}.modeluuid`, type: 'String', description: 'The triggering model\'s UUID.' },
    { contextPath: `${P}.start`, type: 'Date', description: 'When the action started (ISO 8601).' },
    { contextPath: `${P}.expires`, type: 'Date', description: 'When the action expires or expired (ISO 8601).' },
    { contextPath: `${P}.updated`, type: 'Date', description: 'When the action was last changed (ISO 8601), when Darktrace says.' },
    { contextPath: `${P}.triggeredBy`, type: 'String', description: 'The user who created the action by hand.' },
    { contextPath: `${P}.reason`, type: 'String', description: 'The reason given when it was created by hand.' },
    { contextPath: `${P}.history.time`, type: 'Date', description: 'History (include_history): when.' },
    { contextPath: `${P}.history.action`, type: 'String', description: 'History: created, created (requires confirmation), extended, cleared, reactivated (expired), reactivated (cleared).' },
    { contextPath: `${P}.history.username`, type: 'String', description: 'History: who.' },
    { contextPath: `${P}.history.reason`, type: 'String', description: 'History: the reason given.' },
    { contextPath: `${P}.connections.direction`, type: 'String', description: 'Blocked connection (include_connections): direction.' },
    { contextPath: `${P}.connections.ip`, type: 'String', description: 'Blocked connection: remote IP.' },
    { contextPath: `${P}.connections.port`, type: 'Number', description: 'Blocked connection: port.' },
    { contextPath: `${P}.connections.time`, type: 'Date', description: 'Blocked connection: when.' },
    { contextPath: `${P}.device.hostname`, type: 'String', description: 'Device details (full_device_details): hostname.' },
    { contextPath: `${P}.device.ip`, type: 'String', description: 'Device details: IP address.' },
    { contextPath: `${P}.device.typelabel`, type: 'String', description: 'Device details: type.' },
    { contextPath: `${P}.device.os`, type: 'String', description: 'Device details: operating system.' },
    { contextPath: `${P}.device.macaddress`, type: 'String', description: 'Device details: MAC address.' },
  ],
  async run(args, { client, now }) {
    if ((args.start_time === undefined) !== (args.end_time === undefined)) {
      const missing = args.start_time === undefined ? 'start_time' : 'end_time';
      throw new ArgumentError([{ path: missing, message: 'start_time and end_time go together (Darktrace takes the window as a pair)' }]);
    }
    const starttime = args.start_time === undefined ? undefined : parseInstant(args.start_time);
    const endtime = args.end_time === undefined ? undefined : parseInstant(args.end_time);
    if (starttime !== undefined && endtime !== undefined && starttime > endtime) {
      throw new ArgumentError([{ path: 'end_time', message: 'must not be before start_time' }]);
    }
    const raw = await respondActions(client, {
      fulldevicedetails: args.full_device_details || undefined,
      includecleared: args.include_cleared || undefined,
      includehistory: args.include_history || undefined,
      includeconnections: args.include_connections || undefined,
      needconfirming: args.need_confirming,
      pbid: args.pbid,
      did: args.did,
      starttime,
      endtime,
    });
    const outputs = toOutputs(raw, now().getTime());
    if (outputs.length === 0) return { readableOutput: '### No RESPOND actions match', rawResponse: raw };
    return { outputsPrefix: P, outputsKeyField: 'codeid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
