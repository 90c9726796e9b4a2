// darktrace-get-tagged-devices: every device (and credential) holding a tag
// (GET /tags/entities?tag=&fulldevicedetails=true).
import { entitiesWithTag, type TaggedDevice as DeviceDetails, type TaggedEntities as Response } from '../src/darktrace/resources/tags.js';
import { arg, ARG_LIMITS, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';

export interface TaggedDeviceRow {
  deviceId: number;
  hostname?: string;
  label?: string;
  /** Credential names seen on the device. */
  credentials?: string[];
  /** Names of the device's other tags (the queried tag left out). */
  otherTags?: string[];
}

export interface TaggedDevices {
  devices: TaggedDeviceRow[];
  /** Devices tagged but for which Darktrace returned no details (e.g. a did that no longer exists). */
  withoutDetails: number[];
  /** Credential entities holding the tag (entityType "Credential"); they are not devices. */
  credentials: string[];
}

const names = (items: Array<{ name?: string | null } | { credential?: string | null }> | null | undefined, key: 'name' | 'credential') =>
  (items ?? []).map((i) => (i as Record<string, unknown>)[key]).filter((n): n is string => typeof n === 'string' && n !== '');

function row(deviceId: number, details: DeviceDetails | undefined, tagName: string): TaggedDeviceRow {
  const out: TaggedDeviceRow = { deviceId };
  if (!details) return out;
  if (details.hostname) out.hostname = details.hostname;
  if (details.devicelabel) out.label = details.devicelabel;
  if (details.credentials) out.credentials = names(details.credentials, 'credential');
  if (details.tags) out.otherTags = names(details.tags, 'name').filter((n) => n !== tagName);
  return out;
}

/**
 * Pure transform: every Device entity of the tag becomes a row, joined with its details where the appliance
 * returned them (the official pack keeps only the devices with details and drops the rest); devices with
 * details but no entity are kept too. Credential entities are listed separately.
 */
export function toOutputs(tagName: string, raw: Response): TaggedDevices {
  const entities = Array.isArray(raw) ? raw : (raw.entities ?? []);
  const details = new Map<number, DeviceDetails>();
  for (const d of Array.isArray(raw) ? [] : (raw.devices ?? [])) if (!details.has(d.did)) details.set(d.did, d);

  const dids: number[] = [];
  const credentials: string[] = [];
  for (const e of entities) {
    if (e.entityType.toLowerCase() === 'credential') {
      if (!credentials.includes(e.entityValue)) credentials.push(e.entityValue);
    } else if (e.entityType.toLowerCase() === 'device' && /^\d+$/.test(e.entityValue.trim())) {
      const did = Number(e.entityValue.trim());
      if (!dids.includes(did)) dids.push(did);
    }
  }
  for (const did of details.keys()) if (!dids.includes(did)) dids.push(did);

  return {
    devices: dids.map((did) => row(did, details.get(did), tagName)),
    withoutDetails: dids.filter((did) => !details.has(did)),
    credentials,
  };
}

export function toReadable(tagName: string, result: TaggedDevices): string {
  const parts: string[] = [];
  if (result.devices.length > 0) {
    const n = result.devices.length;
    const missing = result.withoutDetails.length;
    parts.push(tableToMarkdown(`${n} device${n === 1 ? '' : 's'} tagged ${tagName}`, result.devices.map((d) => ({
      'Device ID': d.deviceId,
      Hostname: d.hostname ?? '',
      Label: d.label ?? '',
      Credentials: (d.credentials ?? []).join(', '),
      'Other tags': (d.otherTags ?? []).join(', '),
    })), {
      headers: ['Device ID', 'Hostname', 'Label', 'Credentials', 'Other tags'],
      metadata: missing > 0
        ? `Darktrace returned no details for ${missing} of them (device${missing === 1 ? '' : 's'} ${result.withoutDetails.join(', ')}).`
        : undefined,
    }));
  }
  if (result.credentials.length > 0) {
    const n = result.credentials.length;
    parts.push(tableToMarkdown(`${n} credential${n === 1 ? '' : 's'} tagged ${tagName}`,
      result.credentials.map((c) => ({ Credential: c })), { headers: ['Credential'] }));
  }
  return parts.join('\n');
}

export default defineCommand({
  name: 'darktrace-get-tagged-devices',
  description: 'Returns every device that holds a tag, with its hostname, label, credentials and other tags. Credentials holding the tag are listed in the readable output.',
  access: 'read',
  args: {
    tagName: arg.string({ description: 'Name of the tag, e.g. Admin.', required: true, maxLength: ARG_LIMITS.tagName }),
  },
  outputs: [
    { contextPath: 'Darktrace.Device.deviceId', type: 'Number', description: 'The device ID.' },
    { contextPath: 'Darktrace.Device.hostname', type: 'String', description: 'The device hostname.' },
    { contextPath: 'Darktrace.Device.label', type: 'String', description: 'The device label.' },
    { contextPath: 'Darktrace.Device.credentials', type: 'Unknown', description: 'Credential names seen on the device.' },
    { contextPath: 'Darktrace.Device.otherTags', type: 'Unknown', description: 'Names of the other tags on the device.' },
  ],
  async run(args, { client }) {
    const raw = await entitiesWithTag(client, { tag: args.tagName });
    const result = toOutputs(args.tagName, raw);
    if (result.devices.length === 0 && result.credentials.length === 0) {
      return { readableOutput: `### No devices have the tag ${args.tagName}`, rawResponse: raw };
    }
    const readableOutput = toReadable(args.tagName, result);
    if (result.devices.length === 0) {
      return { readableOutput: `### No devices have the tag ${args.tagName}\n${readableOutput}`, rawResponse: raw };
    }
    return {
      outputsPrefix: 'Darktrace.Device',
      outputsKeyField: 'deviceId',
      outputs: result.devices,
      readableOutput,
      rawResponse: raw,
    };
  },
});
