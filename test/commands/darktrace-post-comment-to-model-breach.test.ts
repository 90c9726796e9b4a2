import { describe, expect, it } from 'vitest';
import command, { confirms, toOutputs, toReadable } from '../../commands/darktrace-post-comment-to-model-breach.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('transform', () => {
  it('SUCCESS (guide) or the comment list holding the message (XSOAR sample) confirm', () => {
    expect(confirms({ response: 'SUCCESS' }, 'm')).toBe(true);
    expect(confirms([{ message: 'm', username: 'u', time: 1, pid: 2, commentid: 3 }], 'm')).toBe(true);
    expect(confirms([{ message: 'other' }], 'm')).toBe(false);
    expect(confirms({ response: 'INPUT ERROR' }, 'm')).toBe(false);
  });
  it('readable says what was verified', () => {
    expect(toReadable(toOutputs(159, 'Checked', true), 'Verified: y.')).toBe(
      '### Comment posted to model breach 159\nVerified: y.\n|PBID|Message|Verified|\n|---|---|---|\n| 159 | Checked | true |\n');
  });
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  it('POST /modelbreaches/159/comments JSON {message}; the comments are read before and after', async () => {
    const result = await e2e.result({ pbid: 159, comment: 'Checked with the owner' });
    expect(e2e.received()).toEqual([
      { method: 'GET', path: '/modelbreaches/159/comments', query: '', body: '' },
      { method: 'POST', path: '/modelbreaches/159/comments', query: '', body: '{"message":"Checked with the owner"}' },
      { method: 'GET', path: '/modelbreaches/159/comments', query: '', body: '' },
    ]);
    expect(result.outputs).toEqual({ pbid: 159, message: 'Checked with the owner', commented: true, verified: true });
    expect(result.readableOutput).toBe(toReadable(result.outputs, 'Verified: a read of model breach 159 shows the comment among its comments.'));
    expect(result.rawResponse).toEqual([expect.objectContaining({ message: 'Checked with the owner', username: 'api', pid: 761 })]);
    const after = await e2e.h.call('darktrace-get-model-breach-comments', { pbid: 159 });
    expect(after.body.results[0].outputs.comments.at(-1)).toMatchObject({ message: 'Checked with the owner', username: 'api' });
  });

  it('the same message twice is two comments, each verified by the count', async () => {
    await e2e.result({ pbid: 158, message: 'dup' });
    expect((await e2e.result({ pbid: 158, message: 'dup' })).outputs.verified).toBe(true);
    const after = await e2e.h.call('darktrace-get-model-breach-comments', { pbid: 158 });
    expect(after.body.results[0].outputs.comments.filter((c: { message: string }) => c.message === 'dup')).toHaveLength(2);
  });

  it('"apply then 502": the read finds the comment → success with a note, posted once', async () => {
    e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/modelbreaches/159/comments' });
    const result = await e2e.result({ pbid: 159, message: 'after a gateway error' });
    expect(e2e.requests().map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST 502', 'GET 200']);
    expect(result.readableOutput).toContain('Darktrace reported an error (Darktrace returned HTTP 502 for POST /modelbreaches/159/comments.) but a read of model breach 159 shows the comment among its comments.');
  });

  it('nothing found: 404 naming the breach', async () => {
    const res = await e2e.run({ pbid: 99999, message: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('Darktrace has no model breach 99999.');
  });

  it('bad arguments: pbid and message named; needs the write scope', async () => {
    const bad = await e2e.run({ pbid: 'abc', message: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['pbid', 'message']);
    expect((await e2e.run({ pbid: 159, message: 'x' }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});

describe('SUCCESS but not stored', () => {
  const dt = useFakeDarktrace();
  it('is INVALID_RESPONSE saying the read does not show it', async () => {
    dt.script(json(200, []), json(200, { response: 'SUCCESS' }), json(200, []));
    await expect(command.run({ pbid: 5, message: 'lost' }, dt.ctx)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE', message: 'Darktrace answered {"response":"SUCCESS"} but a read of model breach 5 does not show the comment among its comments.',
    });
  });
});
