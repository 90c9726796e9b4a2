// darktrace-get-respond-summary: how many RESPOND actions are pending and active, and on which devices
// (GET /antigena/summary).
import { respondSummary, type RespondSummary } from '../src/darktrace/resources/antigena.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { instantCheck, parseInstant } from '../src/registry/instant.js';
import { arg, ArgumentError, defineCommand } from '../src/registry/index.js';

export interface RespondSummaryRow {
  pendingCount: number;
  activeCount: number;
  pendingActionDevices: number[];
  activeActionDevices: number[];
  /** The window asked for (ISO 8601), when one was. */
  startTime?: string;
  endTime?: string;
}

/** Pure transform. Counts are actions, the lists device ids: they need not match. */
export function toOutputs(raw: RespondSummary, window?: { startTime: string; endTime: string }): RespondSummaryRow {
  return {
    pendingCount: raw.pendingCount,
    activeCount: raw.activeCount,
    pendingActionDevices: raw.pendingActionDevices ?? [],
    activeActionDevices: raw.activeActionDevices ?? [],
    ...(window ?? {}),
  };
}

export function toReadable(row: RespondSummaryRow): string {
  const title = 'Darktrace RESPOND summary' + (row.startTime ? ` (${row.startTime} to ${row.endTime})` : '');
  return tableToMarkdown(title, [
    { State: 'pending', Actions: row.pendingCount, Devices: row.pendingActionDevices.join(', ') },
    { State: 'active', Actions: row.activeCount, Devices: row.activeActionDevices.join(', ') },
  ], { headers: ['State', 'Actions', 'Devices'], metadata: row.startTime ? 'With a time window Darktrace reports no pending actions.' : undefined });
}

const P = 'Darktrace.RespondSummary';

export default defineCommand({
  name: 'darktrace-get-respond-summary',
  description: 'Counts pending (awaiting approval) and active RESPOND (Antigena) actions and lists the devices they target. '
    + 'With start_time/end_time Darktrace counts the actions active in that window and reports no pending ones.',
  access: 'read',
  args: {
    start_time: arg.string({ description: 'Window start (epoch ms or ISO 8601); needs end_time.', check: instantCheck, aliases: ['startTime'] }),
    end_time: arg.string({ description: 'Window end (epoch ms or ISO 8601); needs start_time.', check: instantCheck, aliases: ['endTime'] }),
  },
  outputs: [
    { contextPath: `${P}.pendingCount`, type: 'Number', description: 'Actions awaiting approval.' },
    { contextPath: `${P}.activeCount`, type: 'Number', description: 'Active actions.' },
    { contextPath: `${P}.pendingActionDevices`, type: 'Number', description: 'Device IDs with pending actions.' },
    { contextPath: `${P}.activeActionDevices`, type: 'Number', description: 'Device IDs with active actions.' },
    { contextPath: `${P}.startTime`, type: 'Date', description: 'The window start asked for.' },
    { contextPath: `${P}.endTime`, type: 'Date', description: 'The window end asked for.' },
  ],
  async run(args, { client }) {
    if ((args.start_time === undefined) !== (args.end_time === undefined)) {
      const missing = args.start_time === undefined ? 'start_time' : 'end_time';
      throw new ArgumentError([{ path: missing, message: 'start_time and end_time go together (Darktrace takes the window as a pair)' }]);
    }
    const starttime = args.start_time === undefined ? undefined : parseInstant(args.start_time)!;
    const endtime = args.end_time === undefined ? undefined : parseInstant(args.end_time)!;
    if (starttime !== undefined && endtime !== undefined && starttime > endtime) {
      throw new ArgumentError([{ path: 'end_time', message: 'must not be before start_time' }]);
    }
    const raw = await respondSummary(client, { starttime, endtime });
    const window = starttime !== undefined && endtime !== undefined
      ? { startTime: new Date(starttime).toISOString(), endTime: new Date(endtime).toISOString() } : undefined;
    const outputs = toOutputs(raw, window);
    return { outputsPrefix: P, outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
