// darktrace-post-comment-to-model-breach: POST /modelbreaches/{pbid}/comments (JSON {message}); the answer
// is {response:"SUCCESS"} on some versions and the comment list on others, so the comment is read back.
import { COMMENT_ARG, postedCommentOutputs } from '../src/comments/index.js';
import { breachComments, breachWriteConfirmed, commentOnBreach, type BreachComment } from '../src/darktrace/resources/modelbreaches.js';
import { absentWhenNotFound, verifiedWrite } from '../src/darktrace/verify.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { BREACH_PREFIX, PBID_ARG, PBID_OUTPUT } from '../src/modelbreach/breach.js';
import { defineCommand } from '../src/registry/index.js';

export interface PostedCommentRow { pbid: number; message: string; commented: true; verified: boolean }

/** A reply the appliance sends that is the comment list itself counts as a confirmation. */
export const confirms = (answer: unknown, message: string): boolean =>
  breachWriteConfirmed(answer) || (Array.isArray(answer) && answer.some((c) => (c as { message?: unknown })?.message === message));

export function toOutputs(pbid: number, message: string, verified: boolean): PostedCommentRow {
  return { pbid, message, commented: true, verified };
}

export function toReadable(row: PostedCommentRow, verification: string): string {
  return tableToMarkdown(`Comment posted to model breach ${row.pbid}`, [{ PBID: row.pbid, Message: row.message, Verified: row.verified }],
    { headers: ['PBID', 'Message', 'Verified'], metadata: verification });
}

export default defineCommand({
  name: 'darktrace-post-comment-to-model-breach',
  description: 'Adds a comment to a model breach; the breach\'s comments are read back to verify it was stored.',
  access: 'write',
  args: { pbid: PBID_ARG, message: COMMENT_ARG },
  outputs: [PBID_OUTPUT, ...postedCommentOutputs(BREACH_PREFIX, 'the breach')],
  async run({ pbid, message }, { client }) {
    const before = await breachComments(client, { pbid }).catch(() => undefined);
    const already = before?.filter((c) => c.message === message).length ?? 0;
    const outcome = await verifiedWrite(
      () => commentOnBreach(client, { pbid, message }),
      { confirms: (a) => confirms(a, message), unconfirmed: commentOnBreach.unconfirmed },
      {
        entity: `model breach ${pbid}`,
        effect: 'the comment among its comments',
        read: () => absentWhenNotFound(breachComments(client, { pbid })),
        done: (list: BreachComment[]) => list.filter((c) => c.message === message).length > already,
      },
    );
    const outputs = toOutputs(pbid, message, outcome.verified);
    return {
      outputsPrefix: BREACH_PREFIX, outputsKeyField: 'pbid', outputs,
      readableOutput: toReadable(outputs, outcome.verification), rawResponse: outcome.answer ?? null,
    };
  },
});
