// darktrace-get-ai-analyst-comments: the comments on one AI Analyst incident event
// (GET /aianalyst/incident/comments?incident_id=<event uuid>; not the g-prefixed group id).
import { EVENT_PREFIX, EVENT_UUID_ARG, EVENT_UUID_OUTPUT } from '../src/aianalyst/event.js';
import { commentListOutputs, commentsTable, toCommentRows, type CommentRow } from '../src/comments/index.js';
import { eventComments, type AiAnalystComment } from '../src/darktrace/resources/aianalyst.js';
import { defineCommand } from '../src/registry/index.js';

export interface AiaCommentsRow { uuid: string; comments: CommentRow[] }

/** Pure transform: the comment list → `Darktrace.AIAnalyst.Event` {uuid, comments}, times as ISO. */
export function toOutputs(uuid: string, comments: AiAnalystComment[]): AiaCommentsRow {
  return { uuid, comments: toCommentRows(comments) };
}

export function toReadable(row: AiaCommentsRow): string {
  return commentsTable(`Comments on AI Analyst event ${row.uuid}`, row.comments);
}

export default defineCommand({
  name: 'darktrace-get-ai-analyst-comments',
  description: 'Returns the comments on an AI Analyst incident event.',
  access: 'read',
  args: { uuid: EVENT_UUID_ARG },
  outputs: [EVENT_UUID_OUTPUT, ...commentListOutputs(EVENT_PREFIX)],
  async run({ uuid }, { client }) {
    const raw = await eventComments(client, { incident_id: uuid });
    const comments = raw.comments ?? [];
    if (comments.length === 0) return { readableOutput: `### AI Analyst event ${uuid} has no comments`, rawResponse: raw };
    const outputs = toOutputs(uuid, comments);
    return { outputsPrefix: EVENT_PREFIX, outputsKeyField: 'uuid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
