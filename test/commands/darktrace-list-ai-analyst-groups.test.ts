import { describe, expect, it } from 'vitest';
import groups from '../../src/emulator/fixtures/darktrace-extended/aianalyst_groups.json' with { type: 'json' };
import command, { toGroupRow, toReadable } from '../../commands/darktrace-list-ai-analyst-groups.js';
import { IncidentGroup } from '../../src/darktrace/resources/aianalyst.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const [ibm, xsoar] = groups.response.map((g) => IncidentGroup.parse(g));
const IBM_ROW = {
  id: 'gda042c57-3e45-4e65-aca5-63dbcdf8df0c', active: false, acknowledged: false, pinned: true, category: 'suspicious', groupScore: 0.9796746496148376,
  start: '2022-09-15T02:02:08.000Z', end: '2022-09-15T02:02:09.000Z', devices: [9, 4], initialDevices: [9], mitreTactics: [], previousIds: [],
  events: [{ uuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c', title: 'SMB Writes of Suspicious Files', start: '2022-09-15T02:02:08.000Z', triggerDid: 9 }],
  groupUrl: 'https://my.cloud.darktrace.com/#aiagroup/gda042c57-3e45-4e65-aca5-63dbcdf8df0c',
};

describe('transform (aianalyst_groups.json, real captures)', () => {
  it('IBM capture (no mitreTactics key, groupScore below 1) → row', () => expect(toGroupRow(ibm)).toEqual(IBM_ROW));
  it('a string groupScore is a number; the XSOAR capture\'s two events', () => {
    expect(toGroupRow(IncidentGroup.parse({ id: 'g1', groupScore: '72.9174234' })).groupScore).toBe(72.9174234);
    expect(toGroupRow(xsoar).events.map((e) => e.title)).toEqual(['Possible Hijack of Office365 Account', 'Possible Hijack of AzureActiveDirectory']);
  });
  it('readable', () => {
    expect(toReadable([IBM_ROW])).toBe('### AI Analyst incidents\n|ID|Category|Score|Events|Devices|Start|End|Acknowledged|Pinned|\n|---|---|---|---|---|---|---|---|---|\n'
      + '| gda042c57-3e45-4e65-aca5-63dbcdf8df0c | suspicious | 1 | SMB Writes of Suspicious Files | 9, 4 | 2022-09-15T02:02:08.000Z | 2022-09-15T02:02:09.000Z | false | true |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('defaults: GET /aianalyst/groups with includeacknowledged=false&includeallpinned=false; keyed by id', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/aianalyst/groups', query: 'includeacknowledged=false&includeallpinned=false', body: '' }]);
    expect(result.outputs.length).toBe(3); // the four generated incidents but the acknowledged one
    expect(result.outputs.every((g: { acknowledged: boolean; events: unknown[] }) => !g.acknowledged && g.events.length >= 2)).toBe(true);
    expect(Object.keys(result.entry.EntryContext)).toEqual(['Darktrace.AIAnalyst.Group(val.id && val.id == obj.id)']);
    expect(result.readableOutput).toMatch(/^### AI Analyst incidents\n\|ID\|Category\|Score\|Events\|Devices\|Start\|End\|Acknowledged\|Pinned\|\n/);
  });

  it('group_id overrides the filters and returns the captured incident verbatim (min_group_score goes out as minscore)', async () => {
    const result = await e2e.result({ groupId: IBM_ROW.id, min_group_score: 90 });
    expect(e2e.received()[0].query).toBe(`includeacknowledged=false&includeallpinned=false&groupid=${IBM_ROW.id}&minscore=90`);
    expect(result.outputs).toEqual([{ ...IBM_ROW, groupUrl: undefined }].map(({ groupUrl: _, ...g }) => g)); // no includegroupurl: no URL
  });

  it('uuid finds the incident an event belongs to', async () => {
    const result = await e2e.result({ uuid: '05fd5d04-a285-4d19-91bb-6be1563204e2' });
    expect(result.outputs.map((g: { id: string }) => g.id)).toEqual(['g244590d8-4908-4ee2-b89c-4274e388d99e']);
    expect(result.outputs[0].events).toHaveLength(3);
  });

  it('nothing found: a clear line', async () => {
    expect((await e2e.result({ min_group_score: 100 })).readableOutput).toBe('### No AI Analyst incidents match');
  });

  it('bad arguments named', async () => {
    const res = await e2e.run({ min_group_score: '-1', include_all_pinned: 'maybe' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'min_group_score', message: 'min_group_score: must be at least 0 (got -1)' },
      { path: 'include_all_pinned', message: 'include_all_pinned: expected a boolean (true/false/yes/no), got "maybe"' },
    ]);
  });
});
