// darktrace-get-model-breach-comments: the comments on one breach (GET /modelbreaches/{pbid}/comments).
import { DarktraceError } from '../src/darktrace/errors.js';
import { breachComments, type BreachComment } from '../src/darktrace/resources/modelbreaches.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand, msToIso } from '../src/registry/index.js';

export interface CommentRow { message: string; username?: string; time?: string }
export interface BreachCommentsRow { pbid: number; comments: CommentRow[] }

/** Pure transform: the comment list → `Darktrace.ModelBreach` {pbid, comments}, times as ISO. */
export function toOutputs(pbid: number, comments: BreachComment[]): BreachCommentsRow {
  return {
    pbid,
    comments: comments.map((c) => {
      const row: CommentRow = { message: c.message };
      if (c.username) row.username = c.username;
      const time = msToIso(c.time);
      if (time) row.time = time;
      return row;
    }),
  };
}

export function toReadable(row: BreachCommentsRow): string {
  return tableToMarkdown(`Comments on model breach ${row.pbid}`,
    row.comments.map((c) => ({ Time: c.time ?? '', User: c.username ?? '', Message: c.message })), { headers: ['Time', 'User', 'Message'] });
}

export default defineCommand({
  name: 'darktrace-get-model-breach-comments',
  description: 'Returns the comments on a model breach, oldest first.',
  access: 'read',
  args: { pbid: arg.int({ description: 'Darktrace model breach ID (pbid).', required: true, min: 1 }) },
  outputs: [
    { contextPath: 'Darktrace.ModelBreach.pbid', type: 'Number', description: 'Model breach ID.' },
    { contextPath: 'Darktrace.ModelBreach.comments.message', type: 'String', description: 'The comment.' },
    { contextPath: 'Darktrace.ModelBreach.comments.username', type: 'String', description: 'Who wrote it.' },
    { contextPath: 'Darktrace.ModelBreach.comments.time', type: 'Date', description: 'When (ISO 8601).' },
  ],
  async run({ pbid }, { client }) {
    let raw: BreachComment[];
    try {
      raw = await breachComments(client, { pbid });
    } catch (error) {
      if (error instanceof DarktraceError && error.code === 'NOT_FOUND') return `### No model breach with pbid ${pbid}`;
      throw error;
    }
    if (raw.length === 0) return { readableOutput: `### Model breach ${pbid} has no comments`, rawResponse: raw };
    const outputs = toOutputs(pbid, raw);
    return { outputsPrefix: 'Darktrace.ModelBreach', outputsKeyField: 'pbid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
