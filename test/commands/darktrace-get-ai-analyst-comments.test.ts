import { describe, expect, it } from 'vitest';
import comments from '../../src/emulator/fixtures/darktrace-extended/aianalyst_comments.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-ai-analyst-comments.js';
import { AiAnalystComments } from '../../src/darktrace/resources/aianalyst.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const UUID = 'bc64f242-ce29-4f35-bc94-230991116564';
const ROW = { uuid: UUID, comments: [
  { message: 'first comment', username: 'foo.sample', time: '2022-12-21T12:55:55.000Z' },
  { message: 'second comment', username: 'bar.sample', time: '2022-12-21T12:55:55.000Z' },
] };

describe('transform (aianalyst_comments.json, real capture)', () => {
  it('comments with ISO times under the event uuid', () => {
    expect(toOutputs(UUID, AiAnalystComments.parse(comments.response).comments!)).toEqual(ROW);
  });
  it('readable', () => {
    expect(toReadable(ROW)).toBe(`### Comments on AI Analyst event ${UUID}\n|Time|User|Message|\n|---|---|---|\n`
      + '| 2022-12-21T12:55:55.000Z | foo.sample | first comment |\n| 2022-12-21T12:55:55.000Z | bar.sample | second comment |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('GET /aianalyst/incident/comments?incident_id=<event uuid>; keyed by uuid', async () => {
    const result = await e2e.result({ eventId: UUID });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/aianalyst/incident/comments', query: `incident_id=${UUID}`, body: '' }]);
    expect(result.outputs).toEqual(ROW);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.AIAnalyst.Event(val.uuid && val.uuid == obj.uuid)': ROW });
    expect(result.readableOutput).toBe(toReadable(ROW));
  });

  it('nothing found: an event without comments', async () => {
    const result = await e2e.result({ uuid: '244590d8-4908-4ee2-b89c-4274e388d99e' });
    expect(result.readableOutput).toBe('### AI Analyst event 244590d8-4908-4ee2-b89c-4274e388d99e has no comments');
    expect(result.entry.EntryContext).toEqual({});
  });

  it('a group id is not an event uuid: 400 naming uuid, nothing sent', async () => {
    const res = await e2e.run({ uuid: `g${UUID}` });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'uuid', message: `uuid: must be an incident event UUID (got "g${UUID}")` }]);
    expect(e2e.received()).toEqual([]);
  });
});
