// darktrace-get-tags-for-device: the tags on one device (GET /tags/entities?did=).
import { tagsOfDevice, type Tag } from '../src/darktrace/resources/tags.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { msToIso } from '../src/registry/time.js';
import { tableToMarkdown } from '../src/markdown/table.js';

export interface DeviceTagRow {
  deviceId: number;
  tagId: number;
  tagName: string;
  tagDescription?: string;
  /** ISO 8601; absent when the tag never expires on this device. */
  expiry?: string;
}

/** Pure transform: the appliance's tag list → one `Darktrace.Device` row per (device, tag). */
export function toOutputs(deviceId: number, tags: Tag[]): DeviceTagRow[] {
  return tags.map((t) => {
    const row: DeviceTagRow = { deviceId, tagId: t.tid, tagName: t.name };
    if (typeof t.data?.description === 'string') row.tagDescription = t.data.description;
    const expiry = t.expiry ? msToIso(t.expiry) : undefined;
    if (expiry) row.expiry = expiry;
    return row;
  });
}

export function toReadable(deviceId: number, rows: DeviceTagRow[]): string {
  return tableToMarkdown(`Tags of device ${deviceId}`, rows.map((r) => ({
    'Tag ID': r.tagId,
    'Tag name': r.tagName,
    Description: r.tagDescription ?? '',
    Expires: r.expiry ?? 'never',
  })), { headers: ['Tag ID', 'Tag name', 'Description', 'Expires'] });
}

export default defineCommand({
  name: 'darktrace-get-tags-for-device',
  description: 'Returns the tags applied to a device, with each tag\'s expiry on that device.',
  access: 'read',
  args: {
    deviceId: arg.int({ description: 'Darktrace device ID (did) of the device.', required: true, min: 1, aliases: ['did'] }),
  },
  outputs: [
    { contextPath: 'Darktrace.Device.deviceId', type: 'Number', description: 'The device ID.' },
    { contextPath: 'Darktrace.Device.tagId', type: 'Number', description: 'The tag ID.' },
    { contextPath: 'Darktrace.Device.tagName', type: 'String', description: 'The tag name.' },
    { contextPath: 'Darktrace.Device.tagDescription', type: 'String', description: 'The tag description.' },
    { contextPath: 'Darktrace.Device.expiry', type: 'Date', description: 'When the tag expires on this device (ISO 8601); absent when it never expires.' },
  ],
  async run(args, { client }) {
    const raw = await tagsOfDevice(client, { did: args.deviceId });
    if (raw.length === 0) {
      return { readableOutput: `### Device ${args.deviceId} has no tags`, rawResponse: raw };
    }
    const outputs = toOutputs(args.deviceId, raw);
    return {
      outputsPrefix: 'Darktrace.Device',
      outputsKeyField: ['deviceId', 'tagId'],
      outputs,
      readableOutput: toReadable(args.deviceId, outputs),
      rawResponse: raw,
    };
  },
});
