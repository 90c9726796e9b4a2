// darktrace-post-tag-to-device: apply a tag to a device, optionally for a limited time (POST /tags/entities, form).
import { z } from 'zod';
import { DarktraceError, outcomeUncertain } from '../src/darktrace/errors.js';
import { checkFailed, notApplied } from '../src/darktrace/verify.js';
import { arg, ARG_LIMITS, defineCommand } from '../src/registry/index.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { TagList } from './darktrace-get-tags-for-device.js';

/** The appliance answers `{tid}` (captured) or `{response: "SUCCESS"}` (API guide). */
const Response = z.looseObject({ tid: z.number().optional(), response: z.string().optional() });
type Response = z.infer<typeof Response>;

export interface PostTagRow {
  deviceId: number;
  /** Absent only when the appliance did not say and the follow-up read could not find it. */
  tagId?: number;
  tagName: string;
  response: string;
  /** Seconds, when the tag was applied for a limited time. */
  duration?: number;
}

/** Whether the answer confirms the tagging: a numeric tid, or response SUCCESS. */
export function confirmed(raw: Response): boolean {
  return typeof raw.tid === 'number' || (typeof raw.response === 'string' && raw.response.toUpperCase() === 'SUCCESS');
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
    const readTags = () => client.get('/tags/entities', [['did', args.deviceId]], TagList);
    let raw: Response;
    let rawResponse: unknown;
    let tagId: number | undefined;
    let note: string | undefined;
    try {
      raw = await client.postForm('/tags/entities', [
        ['did', args.deviceId],
        ['tag', args.tagName],
        ['duration', args.duration],
      ], Response);
    } catch (error) {
      // The tag may have been applied anyway (apply-then-error, a reset after sending): the device's tags say.
      if (!(error instanceof DarktraceError && outcomeUncertain(error))) throw error;
      let tags: z.infer<typeof TagList>;
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
    if (!confirmed(raw)) {
      // Darktrace answered, and not with success: its answer is the outcome.
      throw new DarktraceError('INVALID_RESPONSE',
        `Darktrace did not confirm tagging device ${args.deviceId} with ${args.tagName}: it answered ${JSON.stringify(raw).slice(0, 200)} instead of a tag ID or SUCCESS.`,
        { method: 'POST', path: '/tags/entities', retryable: false, verified: true });
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
