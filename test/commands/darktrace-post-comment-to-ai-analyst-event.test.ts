import { describe, expect, it } from 'vitest';
import command, { toOutputs, toReadable } from '../../commands/darktrace-post-comment-to-ai-analyst-event.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const UUID = '244590d8-4908-4ee2-b89c-4274e388d99e';

describe('transform', () => {
  it('row and readable', () => {
    expect(toReadable(toOutputs(UUID, 'triaged', true), 'Verified: q.')).toBe(
      `### Comment posted to AI Analyst event ${UUID}\nVerified: q.\n|UUID|Message|Verified|\n|---|---|---|\n| ${UUID} | triaged | true |\n`);
  });
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  it('POST /aianalyst/incident/comments JSON {incident_id, message}; the comments are read before and after', async () => {
    const result = await e2e.result({ eventId: UUID, comment: 'Triaged: data transfer to ftp.dlptest.com approved' });
    expect(e2e.received()).toEqual([
      { method: 'GET', path: '/aianalyst/incident/comments', query: `incident_id=${UUID}`, body: '' },
      { method: 'POST', path: '/aianalyst/incident/comments', query: '', body: `{"incident_id":"${UUID}","message":"Triaged: data transfer to ftp.dlptest.com approved"}` },
      { method: 'GET', path: '/aianalyst/incident/comments', query: `incident_id=${UUID}`, body: '' },
    ]);
    expect(e2e.requests()[1].headers['content-type']).toBe('application/json');
    expect(result.outputs).toEqual({ uuid: UUID, message: 'Triaged: data transfer to ftp.dlptest.com approved', commented: true, verified: true });
    expect(result.readableOutput).toBe(toReadable(result.outputs, `Verified: a read of AI Analyst event ${UUID} shows the comment among its comments.`));
    const read = await e2e.h.call('darktrace-get-ai-analyst-comments', { uuid: UUID });
    expect(read.body.results[0].outputs.comments).toEqual([expect.objectContaining({ message: 'Triaged: data transfer to ftp.dlptest.com approved', username: 'api' })]);
  });

  it('nothing found: an unknown event (400 from Darktrace, then a read) → 400 with the upstream refusal (issue 8, finding 6)', async () => {
    const res = await e2e.run({ uuid: '00000000-0000-4000-8000-000000000000', message: 'x' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', retryable: false, upstreamStatus: 400 });
    expect(res.body.detail).toContain('Unknown incident_id 00000000-0000-4000-8000-000000000000');
  });

  it('bad arguments: uuid and message named; needs the write scope', async () => {
    const bad = await e2e.run({ uuid: 'x', message: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['uuid', 'message']);
    expect((await e2e.run({ uuid: UUID, message: 'x' }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});

describeCommandE2E(command, { scope: 'write', title: 'end to end: a 7.0.42 appliance that answers SUCCESS without storing (SDK #62)', emulator: { aianalystCommentsStored: false } }, (e2e) => {
  it('the read-back does not find it: INVALID_RESPONSE, not retryable, saying what Darktrace answered', async () => {
    const res = await e2e.run({ uuid: UUID, message: 'lost on 7.0.42' });
    expect(res.status).toBe(502);
    expect(res.body.retryable).toBe(false);
    expect(res.body.detail).toBe(`Darktrace answered {"aianalyst":"SUCCESS"} but a read of AI Analyst event ${UUID} does not show the comment among its comments. Darktrace 7.0.42 is known to accept AI Analyst comments without storing them; add it in the Threat Visualizer instead.`);
  });
});
