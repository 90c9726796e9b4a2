// darktrace-remove-tag-from-device: take a tag off a device (DELETE /tags/entities?did=&tag=), the undo of
// darktrace-post-tag-to-device. The appliance may apply the change and still answer 5xx, so an unclear
// outcome is settled with a read of the device's tags.
import { DarktraceError, outcomeUncertain } from '../src/darktrace/errors.js';
import { checkFailed, notApplied } from '../src/darktrace/verify.js';
import { answerText } from '../src/darktrace/resources/endpoint.js';
import { tagsOfDevice, untagDevice, type Tag, type UntagAnswer } from '../src/darktrace/resources/tags.js';
import { arg, ARG_LIMITS, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';

export interface RemoveTagRow {
  deviceId: number;
  tagName: string;
  removed: true;
}

/** Pure transform: the `Darktrace.Device` row of a removal that happened. */
export function toOutputs(deviceId: number, tagName: string): RemoveTagRow {
  return { deviceId, tagName, removed: true };
}

export function toReadable(row: RemoveTagRow, note?: string): string {
  return tableToMarkdown(`Removed tag ${row.tagName} from device ${row.deviceId}`,
    [{ 'Device ID': row.deviceId, 'Tag name': row.tagName, Removed: row.removed }],
    { headers: ['Device ID', 'Tag name', 'Removed'], metadata: note });
}

/** Errors after which the DELETE may or may not have been applied (the shared rule, src/darktrace/errors.ts). */
export function outcomeUnknown(error: unknown): error is DarktraceError {
  return error instanceof DarktraceError && outcomeUncertain(error);
}

export default defineCommand({
  name: 'darktrace-remove-tag-from-device',
  description: 'Removes a tag from a device (for example to undo darktrace-post-tag-to-device). When Darktrace answers with an error the device\'s tags are read back and the real outcome is reported.',
  access: 'write',
  args: {
    deviceId: arg.int({ description: 'Darktrace device ID (did) of the device.', required: true, min: 1, aliases: ['did'] }),
    tagName: arg.string({ description: 'Name of the tag to remove.', required: true, maxLength: ARG_LIMITS.tagName }),
  },
  outputs: [
    { contextPath: 'Darktrace.Device.deviceId', type: 'Number', description: 'The device ID.' },
    { contextPath: 'Darktrace.Device.tagName', type: 'String', description: 'The tag name.' },
    { contextPath: 'Darktrace.Device.removed', type: 'Boolean', description: 'True: the tag is no longer on the device.' },
  ],
  async run(args, { client }) {
    const { deviceId, tagName } = args;
    const readTags = () => tagsOfDevice(client, { did: deviceId });
    const stillTagged = async () => (await readTags()).some((t) => t.name === tagName);

    let note: string | undefined;
    let raw: unknown;
    let answer: UntagAnswer | undefined; // the DELETE's own answer, when it gave one
    try {
      raw = answer = await untagDevice(client, { did: deviceId, tag: tagName });
    } catch (error) {
      if (!outcomeUnknown(error)) throw error;
      let tagsAfter: Tag[];
      try {
        tagsAfter = await readTags();
      } catch (readError) {
        throw checkFailed(error, "reading the device's tags", readError);
      }
      if (tagsAfter.some((t) => t.name === tagName)) throw notApplied(error, "A read of the device's tags shows the tag is still on the device");
      note = `Darktrace reported an error (${error.message}) but a read of the device's tags shows the tag is no longer on the device.`;
      raw = { deleteError: error.message, tagsAfter };
    }
    if (answer !== undefined && !untagDevice.confirms(answer)) {
      // A 2xx that does not say SUCCESS: believe the device's tag list, not the answer.
      if (await stillTagged()) {
        throw untagDevice.unconfirmed(
          `Darktrace did not remove tag ${tagName} from device ${deviceId}: it answered ${answerText(raw)} and the tag is still on the device.`);
      }
      note = `Darktrace answered ${answerText(raw)}; a read of the device's tags confirms the tag is gone.`;
    }
    const outputs = toOutputs(deviceId, tagName);
    return {
      outputsPrefix: 'Darktrace.Device',
      outputsKeyField: ['deviceId', 'tagName'],
      outputs,
      readableOutput: toReadable(outputs, note),
      rawResponse: raw,
    };
  },
});
