// darktrace-get-similar-devices: devices Darktrace considers similar to one device (GET /similardevices).
import { similarDevices, type SimilarDevice } from '../src/darktrace/resources/similardevices.js';
import { arg, defineCommand } from '../src/registry/index.js';
import { msToIso } from '../src/registry/time.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { withKeys } from '../src/util/json.js';

/** Pure transform: the appliance's list → `Darktrace.SimilarDevices` (times as ISO, everything else as sent). */
export function toOutputs(did: number, devices: SimilarDevice[]) {
  return {
    deviceId: did,
    did,
    devices: devices.map((d) => withKeys(d, { firstSeen: msToIso(d.firstSeen), lastSeen: msToIso(d.lastSeen) })),
  };
}

const COLUMNS = ['did', 'score', 'hostname', 'ip', 'macaddress', 'vendor', 'os', 'typelabel', 'firstSeen', 'lastSeen'];

export function toReadable(outputs: ReturnType<typeof toOutputs>): string {
  const withTags = outputs.devices.some((d) => d.tags);
  // The table reads only its headers' keys: the devices are the rows, with the tags as names when shown.
  const rows = withTags ? outputs.devices.map((d) => withKeys(d, { tags: (d.tags ?? []).map((t) => t.name).filter(Boolean).join(', ') })) : outputs.devices;
  return tableToMarkdown(`Similar devices of device ${outputs.did}`, rows, { headers: withTags ? [...COLUMNS, 'tags'] : COLUMNS });
}

export default defineCommand({
  name: 'darktrace-get-similar-devices',
  description: 'Returns the devices Darktrace considers most similar to the given device, most similar first.',
  access: 'read',
  args: {
    did: arg.int({ description: 'Darktrace device ID (did) of the device to compare.', required: true, min: 0, aliases: ['deviceId'] }),
    max_results: arg.int({ description: 'How many similar devices to return.', default: 5, min: 1, max: 1000, aliases: ['maxResults'] }),
    full_device_details: arg.bool({ description: 'Also return full device details, such as tags.', default: false }),
  },
  outputs: [
    { contextPath: 'Darktrace.SimilarDevices.deviceId', type: 'Number', description: 'The device the others are similar to.' },
    { contextPath: 'Darktrace.SimilarDevices.did', type: 'Number', description: 'The device the others are similar to (same as deviceId).' },
    { contextPath: 'Darktrace.SimilarDevices.devices', type: 'Unknown', description: 'The similar devices, as Darktrace returned them.' },
    { contextPath: 'Darktrace.SimilarDevices.devices.did', type: 'Number', description: 'Device ID of a similar device.' },
    { contextPath: 'Darktrace.SimilarDevices.devices.score', type: 'Number', description: 'Similarity score, 0-100.' },
    { contextPath: 'Darktrace.SimilarDevices.devices.hostname', type: 'String', description: 'Hostname of a similar device.' },
    { contextPath: 'Darktrace.SimilarDevices.devices.ip', type: 'String', description: 'IP address of a similar device.' },
    { contextPath: 'Darktrace.SimilarDevices.devices.macaddress', type: 'String', description: 'MAC address of a similar device.' },
    { contextPath: 'Darktrace.SimilarDevices.devices.firstSeen', type: 'Date', description: 'When the device was first seen (ISO 8601).' },
    { contextPath: 'Darktrace.SimilarDevices.devices.lastSeen', type: 'Date', description: 'When the device was last seen (ISO 8601).' },
    { contextPath: 'Darktrace.SimilarDevices.devices.typelabel', type: 'String', description: 'Device type.' },
  ],
  async run(args, { client }) {
    const raw = await similarDevices(client, {
      did: args.did,
      count: args.max_results,
      fulldevicedetails: args.full_device_details ? true : undefined,
    });
    if (raw.length === 0) {
      return { readableOutput: `### No similar devices found for device ${args.did}`, rawResponse: raw };
    }
    const outputs = toOutputs(args.did, raw);
    return {
      outputsPrefix: 'Darktrace.SimilarDevices',
      outputsKeyField: 'deviceId',
      outputs,
      readableOutput: toReadable(outputs),
      rawResponse: raw,
    };
  },
});
