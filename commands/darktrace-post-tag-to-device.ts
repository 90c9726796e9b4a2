// darktrace-post-tag-to-device: apply a tag to a device, optionally for a limited time (POST /tags/entities, form).
import { DarktraceError, outcomeUncertain } from '../src/darktrace/errors.js';
import { answerText } from '../src/darktrace/resources/endpoint.js';
import { tagDevice, tagsOfDevice, type Tag, type TagAnswer as Response } from '../src/darktrace/resources/tags.js';
import { checkFailed, notApplied } from '../src/darktrace/verify.js';
import { arg, ARG_LIMITS, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';

export interface PostTagRow {
  deviceId: number;
  /** Absent only when the appliance did not say and the follow-up read could not find it. */
  tagId?: number;
  tagName: string;
  response: string;
  /** Seconds, when the tag was applied for a limited time. */
  duration?: number;
}

/** Pure transform: a confirmed answer → the `Darktrace.Device` row (deviceId a number, unlike the pack). */
export function toOutputs(deviceId: number, tagName: string, raw: Response, duration?: number, tagId?: number): PostTagRow {
  const tid = typeof raw.tid === 'number' ? raw.tid : tagId;
  return {
    deviceId,
    ...(tid !== undefined ? { tagId: tid } : {}),
    tagName,
    response: 'Successfully Tagged',
    ...(duration !== undefined ? { duration } : {}),
  };
}

export function toReadable(row: PostTagRow, note?: string): string {
  const title = `Tagged device ${row.deviceId} with ${row.tagName}`
    + (row.duration !== undefined ? ` for ${row.duration} seconds` : '');
  const table: Record<string, unknown> = {
    'Device ID': row.deviceId,
    'Tag ID': row.tagId ?? 'unknown',
    'Tag name': row.tagName,
  };
  if (row.duration !== undefined) table['Duration (s)'] = row.duration;
  return tableToMarkdown(title, [table], { headers: Object.keys(table), metadata: note });
}

export default defineCommand({
  name: 'darktrace-post-tag-to-device',
  description: 'Applies an existing tag to a device, optionally for a limited time (the tag is removed when it expires).',
  access: 'write',
  args: {
    deviceId: arg.int({ description: 'Darktrace device ID (did) of the device to tag.', required: true, min: 1, aliases: ['did'] }),
    tagName: arg.string({ description: 'Name of the tag; it must already exist in Darktrace.', required: true, maxLength: ARG_LIMITS.tagName }),
    duration: arg.int({ description: 'How long the tag stays on the device, in seconds. Default: until removed.', min: 1 }),
  },
  outputs: [
    { contextPath: 'Darktrace.Device.deviceId', type: 'Number', description: 'The device ID.' },
    { contextPath: 'Darktrace.Device.tagId', type: 'Number', description: 'The tag ID.' },
    { contextPath: 'Darktrace.Device.tagName', type: 'String', description: 'The tag name.' },
    { contextPath: 'Darktrace.Device.response', type: 'String', description: 'Outcome: "Successfully Tagged".' },
    { contextPath: 'Darktrace.Device.duration', type: 'Number', description: 'How long the tag stays on the device, in seconds (only when given).' },
  ],
  async run(args, { client }) {
    const readTags = () => tagsOfDevice(client, { did: args.deviceId });
    let raw: Response;
    let rawResponse: unknown;
    let tagId: number | undefined;
    let note: string | undefined;
    try {
      raw = await tagDevice(client, { did: args.deviceId, tag: args.tagName, duration: args.duration });
    } catch (error) {
      // The tag may have been applied anyway (apply-then-error, a reset after sending): the device's tags say.
      if (!(error instanceof DarktraceError && outcomeUncertain(error))) throw error;
      let tags: Tag[];
      try {
        tags = await readTags();
      } catch (readError) {
        throw checkFailed(error, "reading the device's tags", readError);
      }
      const found = tags.find((t) => t.name === args.tagName);
      if (!found) throw notApplied(error, `A read of the device's tags shows ${args.tagName} is not on the device`);
      raw = { tid: found.tid };
      rawResponse = { postError: error.message, tagsAfter: tags };
      note = `Darktrace reported an error (${error.message}) but a read of the device's tags shows ${args.tagName} is on the device.`;
    }
    if (!tagDevice.confirms(raw)) {
      throw tagDevice.unconfirmed(
        `Darktrace did not confirm tagging device ${args.deviceId} with ${args.tagName}: it answered ${answerText(raw)} instead of a tag ID or SUCCESS.`);
    }
    // `{response: "SUCCESS"}` carries no tid; the device's tag list has it (it is half the context key).
    if (raw.tid === undefined) {
      try {
        tagId = (await readTags()).find((t) => t.name === args.tagName)?.tid;
        if (tagId === undefined) note = `Darktrace confirmed the tagging but the device's tag list does not show ${args.tagName} yet; the tag ID is unknown.`;
      } catch (error) {
        note = `Darktrace confirmed the tagging; the tag ID could not be read back (${error instanceof Error ? error.message : String(error)}).`;
      }
    }
    const outputs = toOutputs(args.deviceId, args.tagName, raw, args.duration, tagId);
    return {
      outputsPrefix: 'Darktrace.Device',
      outputsKeyField: ['deviceId', 'tagId'],
      outputs,
      readableOutput: toReadable(outputs, note),
      rawResponse: rawResponse ?? raw,
    };
  },
});
