// Comments on a Darktrace entity (an AI Analyst event, a model breach): the rows, table and outputs the
// get-*-comments commands share, and the argument and outputs of the post-comment-to-* commands.
import { tableToMarkdown } from '../markdown/table.js';
import { arg, msToIso, type OutputSpec } from '../registry/index.js';

export interface CommentRow { message: string; username?: string; time?: string }

/** A comment as both resources parse it (time in ms). */
export interface DarktraceComment { message: string; username?: string | null; time?: number | null }

/** Pure transform: comments as Darktrace sends them → rows, times as ISO, absent fields left out. */
export function toCommentRows(comments: readonly DarktraceComment[]): CommentRow[] {
  return comments.map((c) => {
    const row: CommentRow = { message: c.message };
    if (c.username) row.username = c.username;
    const time = msToIso(c.time);
    if (time) row.time = time;
    return row;
  });
}

export function commentsTable(title: string, comments: readonly CommentRow[]): string {
  return tableToMarkdown(title,
    comments.map((c) => ({ Time: c.time ?? '', User: c.username ?? '', Message: c.message })), { headers: ['Time', 'User', 'Message'] });
}

/** `<prefix>.comments.*` of the get-*-comments commands. */
export function commentListOutputs(prefix: string): OutputSpec[] {
  return [
    { contextPath: `${prefix}.comments.message`, type: 'String', description: 'The comment.' },
    { contextPath: `${prefix}.comments.username`, type: 'String', description: 'Who wrote it.' },
    { contextPath: `${prefix}.comments.time`, type: 'Date', description: 'When (ISO 8601).' },
  ];
}

export const COMMENT_ARG = arg.string({ description: 'The comment.', required: true, maxLength: 2000, aliases: ['comment'] });

/** `<prefix>.message/commented/verified` of the post-comment-to-* commands; `owner` as in "the breach's comments". */
export function postedCommentOutputs(prefix: string, owner: string): OutputSpec[] {
  return [
    { contextPath: `${prefix}.message`, type: 'String', description: 'The comment posted.' },
    { contextPath: `${prefix}.commented`, type: 'Boolean', description: 'True: the comment was posted.' },
    { contextPath: `${prefix}.verified`, type: 'Boolean', description: `True when ${owner}'s comments, read back, contain it.` },
  ];
}
