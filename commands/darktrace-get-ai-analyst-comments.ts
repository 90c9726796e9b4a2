// darktrace-get-ai-analyst-comments: the comments on one AI Analyst incident event
// (GET /aianalyst/incident/comments?incident_id=<event uuid>; not the g-prefixed group id).
import { eventComments, type AiAnalystComment } from '../src/darktrace/resources/aianalyst.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand, msToIso } from '../src/registry/index.js';

export interface AiaCommentRow { message: string; username?: string; time?: string }
export interface AiaCommentsRow { uuid: string; comments: AiaCommentRow[] }

/** Pure transform: the comment list → `Darktrace.AIAnalyst.Event` {uuid, comments}, times as ISO. */
export function toOutputs(uuid: string, comments: AiAnalystComment[]): AiaCommentsRow {
  return {
    uuid,
    comments: comments.map((c) => {
      const row: AiaCommentRow = { message: c.message };
      if (c.username) row.username = c.username;
      const time = msToIso(c.time);
      if (time) row.time = time;
      return row;
    }),
  };
}

export function toReadable(row: AiaCommentsRow): string {
  return tableToMarkdown(`Comments on AI Analyst event ${row.uuid}`,
    row.comments.map((c) => ({ Time: c.time ?? '', User: c.username ?? '', Message: c.message })), { headers: ['Time', 'User', 'Message'] });
}

export default defineCommand({
  name: 'darktrace-get-ai-analyst-comments',
  description: 'Returns the comments on an AI Analyst incident event.',
  access: 'read',
  args: {
    uuid: arg.string({
      description: 'The incident event UUID.', required: true, aliases: ['eventId', 'event_id'],
      pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternDescription: 'an incident event UUID',
    }),
  },
  outputs: [
    { contextPath: 'Darktrace.AIAnalyst.Event.uuid', type: 'String', description: 'Event UUID.' },
    { contextPath: 'Darktrace.AIAnalyst.Event.comments.message', type: 'String', description: 'The comment.' },
    { contextPath: 'Darktrace.AIAnalyst.Event.comments.username', type: 'String', description: 'Who wrote it.' },
    { contextPath: 'Darktrace.AIAnalyst.Event.comments.time', type: 'Date', description: 'When (ISO 8601).' },
  ],
  async run({ uuid }, { client }) {
    const raw = await eventComments(client, { incident_id: uuid });
    const comments = raw.comments ?? [];
    if (comments.length === 0) return { readableOutput: `### AI Analyst event ${uuid} has no comments`, rawResponse: raw };
    const outputs = toOutputs(uuid, comments);
    return { outputsPrefix: 'Darktrace.AIAnalyst.Event', outputsKeyField: 'uuid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
