// darktrace-get-model-breach-comments: the comments on one breach (GET /modelbreaches/{pbid}/comments).
import { commentListOutputs, commentsTable, toCommentRows, type CommentRow } from '../src/comments/index.js';
import { DarktraceError } from '../src/darktrace/errors.js';
import { breachComments, type BreachComment } from '../src/darktrace/resources/modelbreaches.js';
import { BREACH_PREFIX, PBID_ARG, PBID_OUTPUT } from '../src/modelbreach/breach.js';
import { defineCommand } from '../src/registry/index.js';

export interface BreachCommentsRow { pbid: number; comments: CommentRow[] }

/** Pure transform: the comment list → `Darktrace.ModelBreach` {pbid, comments}, times as ISO. */
export function toOutputs(pbid: number, comments: BreachComment[]): BreachCommentsRow {
  return { pbid, comments: toCommentRows(comments) };
}

export function toReadable(row: BreachCommentsRow): string {
  return commentsTable(`Comments on model breach ${row.pbid}`, row.comments);
}

export default defineCommand({
  name: 'darktrace-get-model-breach-comments',
  description: 'Returns the comments on a model breach, oldest first.',
  access: 'read',
  args: { pbid: PBID_ARG },
  outputs: [PBID_OUTPUT, ...commentListOutputs(BREACH_PREFIX)],
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
    return { outputsPrefix: BREACH_PREFIX, outputsKeyField: 'pbid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
