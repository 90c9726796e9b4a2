// darktrace-get-model-breach-connections: the connections behind a breach (GET /details?pbid=&count=&offset=[&endtime=]).
// The appliance puts the breach event itself first and counts it in `count`, so count+1 is asked for and
// every policybreach event is dropped.
import { breachConnections, type DetailEvent } from '../src/darktrace/resources/details.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand, msToIso } from '../src/registry/index.js';
import { instantCheck, parseInstant } from '../src/registry/instant.js';

export interface ConnectionRow {
  time?: string;
  uid?: string;
  direction?: string;
  sourceDeviceId?: number;
  source?: string;
  destination?: string;
  destinationIp?: string;
  port?: number;
  protocol?: string;
  applicationProtocol?: string;
  bytesIn?: number;
  bytesOut?: number;
}
export interface BreachConnectionsRow { pbid: number; connections: ConnectionRow[] }

/** Pure transform: /details events → the breach's connection rows (the breach event itself left out). */
export function toOutputs(pbid: number, events: DetailEvent[], count: number): BreachConnectionsRow {
  const connections = events.filter((e) => e.eventType !== 'policybreach' && e.action !== 'policybreach').slice(0, count).map((e) => {
    const row: ConnectionRow = {};
    const put = <K extends keyof ConnectionRow>(k: K, v: ConnectionRow[K] | null | undefined) => { if (v !== undefined && v !== null) row[k] = v; };
    put('time', msToIso(e.timems));
    put('uid', e.uid);
    put('direction', e.direction);
    put('sourceDeviceId', e.sourceDevice?.did);
    put('source', e.source ?? e.sourceDevice?.hostname ?? e.sourceDevice?.ip);
    put('destination', e.destination ?? e.destinationDevice?.hostname ?? e.destinationDevice?.ip);
    put('destinationIp', e.destinationDevice?.ip);
    put('port', e.destinationPort ?? e.port);
    put('protocol', e.protocol);
    put('applicationProtocol', e.applicationprotocol);
    put('bytesIn', e.totalbytesin);
    put('bytesOut', e.totalbytesout);
    return row;
  });
  return { pbid, connections };
}

export function toReadable(row: BreachConnectionsRow): string {
  return tableToMarkdown(`Connections of model breach ${row.pbid}`, row.connections.map((c) => ({
    Time: c.time ?? '', Source: c.source ?? '', Destination: c.destination ?? '', Port: c.port ?? '',
    Protocol: [c.protocol, c.applicationProtocol].filter(Boolean).join('/'), 'Bytes out': c.bytesOut ?? '', 'Bytes in': c.bytesIn ?? '',
  })), { headers: ['Time', 'Source', 'Destination', 'Port', 'Protocol', 'Bytes out', 'Bytes in'] });
}

export default defineCommand({
  name: 'darktrace-get-model-breach-connections',
  description: 'Returns the connections the device made during a model breach (newest first), from Darktrace\'s event log.',
  access: 'read',
  args: {
    pbid: arg.int({ description: 'Darktrace model breach ID (pbid).', required: true, min: 1 }),
    // 100 by default, as DarktraceMBs.yml's count (demisto/content 5d8d27cb).
    count: arg.int({ description: 'At most this many connections (default 100).', default: 100, min: 1, max: 1000 }),
    offset: arg.int({ description: 'Skip this many connections first (for paging).', default: 0, min: 0 }),
    // DarktraceMBs' `endtime` (epoch ms there); an ISO date/time too, like every time argument here.
    end_time: arg.string({ description: 'Only connections at or before this time (epoch ms or ISO 8601).', check: instantCheck, aliases: ['endtime'] }),
  },
  outputs: [
    { contextPath: 'Darktrace.ModelBreach.pbid', type: 'Number', description: 'Model breach ID.' },
    { contextPath: 'Darktrace.ModelBreach.connections.time', type: 'Date', description: 'Connection time (ISO 8601).' },
    { contextPath: 'Darktrace.ModelBreach.connections.uid', type: 'String', description: 'Connection UID.' },
    { contextPath: 'Darktrace.ModelBreach.connections.direction', type: 'String', description: 'in or out.' },
    { contextPath: 'Darktrace.ModelBreach.connections.sourceDeviceId', type: 'Number', description: 'Source device ID.' },
    { contextPath: 'Darktrace.ModelBreach.connections.source', type: 'String', description: 'Source hostname or IP.' },
    { contextPath: 'Darktrace.ModelBreach.connections.destination', type: 'String', description: 'Destination hostname or IP.' },
    { contextPath: 'Darktrace.ModelBreach.connections.destinationIp', type: 'String', description: 'Destination IP.' },
    { contextPath: 'Darktrace.ModelBreach.connections.port', type: 'Number', description: 'Destination port.' },
    { contextPath: 'Darktrace.ModelBreach.connections.protocol', type: 'String', description: 'Transport protocol.' },
    { contextPath: 'Darktrace.ModelBreach.connections.applicationProtocol', type: 'String', description: 'Application protocol.' },
    { contextPath: 'Darktrace.ModelBreach.connections.bytesIn', type: 'Number', description: 'Bytes received.' },
    { contextPath: 'Darktrace.ModelBreach.connections.bytesOut', type: 'Number', description: 'Bytes sent.' },
  ],
  async run({ pbid, count, offset, end_time }, { client }) {
    const endtime = end_time === undefined ? undefined : parseInstant(end_time);
    const raw = await breachConnections(client, { pbid, count: count + 1, offset, endtime });
    const outputs = toOutputs(pbid, raw, count);
    if (raw.length === 0) {
      const readableOutput = endtime === undefined
        ? `### No model breach with pbid ${pbid}`
        : `### No model breach with pbid ${pbid}, or none of its events is at or before ${msToIso(endtime)}`;
      return { readableOutput, rawResponse: raw };
    }
    if (outputs.connections.length === 0) return { readableOutput: `### Model breach ${pbid} has no connections${offset ? ` after offset ${offset}` : ''}`, rawResponse: raw };
    return { outputsPrefix: 'Darktrace.ModelBreach', outputsKeyField: 'pbid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
