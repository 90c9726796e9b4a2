import { describe, expect, it } from 'vitest';
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-model-breach-comments.js';
import { BreachCommentList } from '../../src/darktrace/resources/modelbreaches.js';
import { ModelBreachesSlice } from '../../src/emulator/resources/modelbreaches/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('transform', () => {
  it('times to ISO, missing usernames left out', () => {
    const raw = BreachCommentList.parse([{ message: 'Test Comment', username: 'user', time: 1598937620000, pid: 761 }, { message: 'x' }]);
    expect(toOutputs(159, raw)).toEqual({ pbid: 159, comments: [{ message: 'Test Comment', username: 'user', time: '2020-09-01T05:20:20.000Z' }, { message: 'x' }] });
    expect(toReadable(toOutputs(159, raw))).toBe('### Comments on model breach 159\n|Time|User|Message|\n|---|---|---|\n'
      + '| 2020-09-01T05:20:20.000Z | user | Test Comment |\n|  |  | x |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('GET /modelbreaches/{pbid}/comments: the breach\'s comments, oldest first', async () => {
    const breaches = e2e.h.emulator.state.slice(ModelBreachesSlice);
    breaches.addComment(158, 'First look: DNS to cheese.com', 'analyst.one');
    breaches.addComment(158, 'Benign', 'soc.lead');
    const result = await e2e.result({ pbid: 158 });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/modelbreaches/158/comments', query: '', body: '' }]);
    expect(result.outputs.pbid).toBe(158);
    expect(result.outputs.comments.map((c: { username: string; message: string }) => [c.username, c.message])).toEqual([
      ['analyst.one', 'First look: DNS to cheese.com'], ['soc.lead', 'Benign'],
    ]);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': result.outputs });
    expect(result.readableOutput).toMatch(/^### Comments on model breach 158\n\|Time\|User\|Message\|\n\|---\|---\|---\|\n\| \d{4}-\d\d-\d\dT[\d:]+\.000Z \| analyst\.one \| First look: DNS to cheese\.com \|\n/);
    expect((await e2e.h.call('darktrace-get-model-breach', { pbid: 158 })).body.results[0].outputs.commentCount).toBe(2);
  });

  it('nothing found: no comments, or no such breach — a clear line, no context', async () => {
    const none = await e2e.result({ pbid: 159 });
    expect(none.readableOutput).toBe('### Model breach 159 has no comments');
    expect(none.entry.EntryContext).toEqual({});
    expect((await e2e.result({ pbid: 99999 })).readableOutput).toBe('### No model breach with pbid 99999');
  });

  it('a bad pbid is a 400 naming it', async () => {
    const res = await e2e.run({});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'pbid', message: 'pbid: is required' }]);
    expect(e2e.received()).toEqual([]);
  });
});
