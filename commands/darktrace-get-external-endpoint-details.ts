// darktrace-get-external-endpoint-details: what Darktrace knows about an external IP or hostname
// (GET /endpointdetails). Fixes over the official pack: the query key is lowercase `ip=` (the pack sent
// `IP=`), absent `firsttime`/`firstSeen`/`lastSeen` never crash, `{}` writes no context, the context has
// key fields, and the readable output is curated tables instead of whole objects in cells.
import { endpointDetails, type EndpointDetails as Response } from '../src/darktrace/resources/endpointdetails.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { msToIso } from '../src/registry/time.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { isObject } from '../src/util/json.js';

export type EndpointType = 'IP' | 'hostname';

export interface EndpointDetails extends Record<string, unknown> {
  endpointType: EndpointType;
  endpointValue: string;
  firsttime?: string;
  devices?: Array<Record<string, unknown>>;
}

/**
 * Pure transform: the appliance's object → `Darktrace.ExternalEndpointDetails`. The two key fields come
 * first, then everything Darktrace sent in its order, with `firsttime` (also inside lists such as
 * `ips`) and the devices' `firstSeen` / `lastSeen` as ISO. Returns undefined for an empty response
 * (Darktrace has nothing on the endpoint).
 */
export function toOutputs(endpointType: EndpointType, endpointValue: string, raw: Response): EndpointDetails | undefined {
  if (Object.keys(raw).length === 0) return undefined;
  const out: EndpointDetails = { endpointType, endpointValue };
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'firsttime') out.firsttime = msToIso(value);
    else if (key === 'devices' && Array.isArray(value)) {
      out.devices = (value as Response['devices'] & object).map((d) => ({ ...d, firstSeen: msToIso(d.firstSeen), lastSeen: msToIso(d.lastSeen) }));
    } else if (Array.isArray(value)) {
      out[key] = value.map((item) => (isObject(item) ? withIsoTimes(item) : item)); // e.g. ips[].firsttime
    } else out[key] = value;
  }
  return out;
}

const withIsoTimes = (item: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(item).map(([k, v]) => [k, (k === 'firsttime' || k === 'lasttime') && typeof v === 'number' ? msToIso(v) : v]));

const typeLabel = (t: EndpointType) => (t === 'IP' ? 'IP' : 'Hostname');
const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const DEVICE_COLUMNS = ['did', 'hostname', 'ip', 'macaddress', 'vendor', 'os', 'typelabel', 'firstSeen', 'lastSeen'];

/** Readable: a one-row table of the scalar facts, the devices that contacted the endpoint, other lists. */
export function toReadable(details: EndpointDetails): string {
  const { endpointType, endpointValue, devices, ...fields } = details;
  const scalars = Object.fromEntries(Object.entries(fields).filter(([, v]) => isScalar(v)));
  let md = tableToMarkdown(`${typeLabel(endpointType)}: ${endpointValue} details`, scalars, { sortHeaders: false });
  if (devices) {
    const rows = devices.map((d) => Object.fromEntries(DEVICE_COLUMNS.map((c) => [c, d[c]])));
    md += `\n${tableToMarkdown(`Devices that contacted ${endpointValue}`, rows, { headers: DEVICE_COLUMNS, removeNull: true })}`;
  }
  // Other lists (ips, locations, …) in a table each, only when they have something to show.
  for (const [key, value] of Object.entries(fields)) {
    if (!Array.isArray(value) || value.length === 0) continue;
    const rows = value.every(isScalar) ? value.map((v) => ({ [key]: v })) : value;
    md += `\n${tableToMarkdown(`${key} of ${endpointValue}`, rows, { removeNull: true })}`;
  }
  return md;
}

export default defineCommand({
  name: 'darktrace-get-external-endpoint-details',
  description: 'Returns details collected by Darktrace about an external IP address or hostname, such as when it was first seen, its rarity and the devices that contacted it.',
  access: 'read',
  args: {
    endpoint_type: arg.enum(['IP', 'hostname'] as const, {
      description: 'Type of the endpoint: IP or hostname.', required: true, aliases: ['endpointType'],
    }),
    endpoint_value: arg.string({
      description: 'The IP address or hostname to look up.', required: true, aliases: ['endpointValue'], maxLength: 1024,
    }),
    devices: arg.bool({ description: 'Also return the devices that contacted the endpoint.', default: true }),
    additional_info: arg.bool({
      description: 'Also return additional information (for a hostname: its IPs and locations).', default: true, aliases: ['additionalInfo'],
    }),
    score: arg.bool({ description: 'Also return rarity data (popularity, DGA score).', default: true }),
  },
  outputs: [
    { contextPath: 'Darktrace.ExternalEndpointDetails.endpointType', type: 'String', description: 'Type of the endpoint looked up: IP or hostname.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.endpointValue', type: 'String', description: 'The IP address or hostname looked up.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.hostname', type: 'String', description: 'The hostname (hostname lookups).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.ip', type: 'String', description: 'The IP address (IP lookups).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.firsttime', type: 'Date', description: 'When Darktrace first saw the endpoint (ISO 8601).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.country', type: 'String', description: 'Country of the IP address.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.asn', type: 'String', description: 'Autonomous system of the IP address.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.popularity', type: 'Number', description: 'Popularity, 0-100 (100 minus rarity).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.dgascore', type: 'Number', description: 'Likelihood the hostname was made by a domain generation algorithm.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.ips', type: 'Unknown', description: 'IP addresses of the hostname (with additional_info).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.locations', type: 'Unknown', description: 'Locations of the hostname (with additional_info).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.devices', type: 'Unknown', description: 'Devices that contacted the endpoint (with devices).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.devices.did', type: 'Number', description: 'Device ID of a device that contacted the endpoint.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.devices.hostname', type: 'String', description: 'Hostname of a device that contacted the endpoint.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.devices.ip', type: 'String', description: 'IP address of a device that contacted the endpoint.' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.devices.firstSeen', type: 'Date', description: 'When the device was first seen (ISO 8601).' },
    { contextPath: 'Darktrace.ExternalEndpointDetails.devices.lastSeen', type: 'Date', description: 'When the device was last seen (ISO 8601).' },
  ],
  async run(args, { client }) {
    const raw = await endpointDetails(client, {
      ...(args.endpoint_type === 'IP' ? { ip: args.endpoint_value } : { hostname: args.endpoint_value }),
      additionalinfo: args.additional_info,
      devices: args.devices,
      score: args.score,
    });
    const outputs = toOutputs(args.endpoint_type, args.endpoint_value, raw);
    if (!outputs) {
      return { readableOutput: `### Did not get any details for ${args.endpoint_type}:${args.endpoint_value}`, rawResponse: raw };
    }
    return {
      outputsPrefix: 'Darktrace.ExternalEndpointDetails',
      outputsKeyField: ['endpointType', 'endpointValue'],
      outputs,
      readableOutput: toReadable(outputs),
      rawResponse: raw,
    };
  },
});
