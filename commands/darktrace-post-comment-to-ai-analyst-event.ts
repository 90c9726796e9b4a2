// darktrace-post-comment-to-ai-analyst-event: POST /aianalyst/incident/comments (JSON {incident_id, message}),
// then the comments are read back: 7.0.42 answers SUCCESS without storing the comment (SDK #62).
import { EVENT_PREFIX, EVENT_UUID_ARG, EVENT_UUID_OUTPUT } from '../src/aianalyst/event.js';
import { COMMENT_ARG, postedCommentOutputs } from '../src/comments/index.js';
import { commentOnEvent, eventComments } from '../src/darktrace/resources/aianalyst.js';
import { DarktraceError } from '../src/darktrace/errors.js';
import { verifiedWrite } from '../src/darktrace/verify.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { defineCommand } from '../src/registry/index.js';

export interface PostedAiaCommentRow { uuid: string; message: string; commented: true; verified: boolean }

export function toOutputs(uuid: string, message: string, verified: boolean): PostedAiaCommentRow {
  return { uuid, message, commented: true, verified };
}

export function toReadable(row: PostedAiaCommentRow, verification: string): string {
  return tableToMarkdown(`Comment posted to AI Analyst event ${row.uuid}`, [{ UUID: row.uuid, Message: row.message, Verified: row.verified }],
    { headers: ['UUID', 'Message', 'Verified'], metadata: verification });
}

export default defineCommand({
  name: 'darktrace-post-comment-to-ai-analyst-event',
  description: 'Adds a comment to an AI Analyst incident event; the comments are read back, because some Darktrace versions (7.0.42) answer SUCCESS without storing it.',
  access: 'write',
  args: { uuid: EVENT_UUID_ARG, message: COMMENT_ARG },
  outputs: [EVENT_UUID_OUTPUT, ...postedCommentOutputs(EVENT_PREFIX, 'the event')],
  async run({ uuid, message }, { client }) {
    const count = async () => ((await eventComments(client, { incident_id: uuid })).comments ?? []).filter((c) => c.message === message).length;
    const before = await count().catch(() => 0);
    const outcome = await verifiedWrite(() => commentOnEvent(client, { incident_id: uuid, message }), commentOnEvent, {
      entity: `AI Analyst event ${uuid}`,
      effect: 'the comment among its comments',
      read: count,
      done: (n) => n > before,
    }).catch((error: unknown) => {
      if (!(error instanceof DarktraceError && error.code === 'INVALID_RESPONSE')) throw error;
      throw commentOnEvent.unconfirmed(`${error.message} Darktrace 7.0.42 is known to accept AI Analyst comments without storing them; `
        + 'add it in the Threat Visualizer instead.');
    });
    const outputs = toOutputs(uuid, message, outcome.verified);
    return {
      outputsPrefix: EVENT_PREFIX, outputsKeyField: 'uuid', outputs,
      readableOutput: toReadable(outputs, outcome.verification), rawResponse: outcome.answer ?? null,
    };
  },
});
