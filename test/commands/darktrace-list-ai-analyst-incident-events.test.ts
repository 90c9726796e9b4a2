import { describe, expect, it } from 'vitest';
import sekoia from '../../src/emulator/fixtures/darktrace-extended/aianalyst_incidentevents.json' with { type: 'json' };
import saas from '../../src/emulator/fixtures/darktrace-extended/aianalyst_incidentevents_saas_blocks.json' with { type: 'json' };
import command, { toEventRow, toReadable } from '../../commands/darktrace-list-ai-analyst-incident-events.js';
import { filterQuery } from '../../src/aianalyst/filters.js';
import { IncidentEvent, summariseDetails } from '../../src/darktrace/resources/aianalyst.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { DEFAULT_FQDN } from '../../src/emulator/links.js';

const [transfer] = sekoia.response.map((e) => IncidentEvent.parse(e));
/** The emulator's links, as an appliance with that FQDN configured builds them. */
const FQDN_BASE = `https://${DEFAULT_FQDN}`;
const [hijack] = saas.response.map((e) => IncidentEvent.parse(e));

describe('details walker (both real formats)', () => {
  it('sectioned (SEKOIA 2023): header / key: values, ranges and devices as text, integerRange strings tolerated', () => {
    expect(summariseDetails(transfer.details).slice(0, 4)).toEqual([
      'Transfer Details / Time: 2023-09-08T09:59:31.313Z – 2023-09-08T09:59:31.313Z',
      'Transfer Details / Source device: #37641895.erebus.local',
      'Transfer Details / Uploaded: 1073741824',
      'Transfer Details / Downloaded: 0',
    ]);
    const scan = IncidentEvent.parse(sekoia.response[3]);
    expect(summariseDetails(scan.details).join('\n')).toMatch(/1 – 65389/);
  });
  it('block (XSOAR 2022 SaaS): blockHeader / detailKey: detailValues', () => {
    expect(summariseDetails(hijack.details).slice(0, 3)).toEqual([
      'SaaS User Details / SaaS account: SaaS::AzureActiveDirectory: example.foo@storosta.com',
      'SaaS User Details / Actor: example.foo@storosta.com',
      'Agent Carrying out Suspicious Activity / Source IP: 0.0.0.0',
    ]);
  });
  it('anything else: no lines, no error', () => {
    for (const odd of [null, 5, 'x', [5], [{ header: 'h', contents: 16 }], [{ blocks: [null] }]]) expect(summariseDetails(odd)).toEqual([]);
  });
});

describe('transform', () => {
  it('an event → its row: ISO times, numbers for float or string scores, details kept raw', () => {
    const row = toEventRow(transfer);
    expect(row).toMatchObject({
      uuid: '244590d8-4908-4ee2-b89c-4274e388d99e', title: 'Unusual External Data Transfer', category: 'critical', acknowledged: false, pinned: false,
      createdAt: '2023-09-08T10:32:36.000Z', groupId: 'g244590d8-4908-4ee2-b89c-4274e388d99e', groupScore: 60.97429942917958, aiaScore: 98,
      attackPhases: [6], mitreTactics: ['exfiltration'], periods: [{ start: '2023-09-08T09:59:31.000Z', end: '2023-09-08T09:59:31.000Z' }],
    });
    expect(row.details).toEqual(sekoia.response[0].details);
    expect(toEventRow(IncidentEvent.parse({ id: 'a', groupScore: '72.9174234', aiaScore: 'n/a', attackPhases: null }))).toEqual({
      uuid: 'a', acknowledged: false, pinned: false, groupScore: 72.9174234, attackPhases: [], mitreTactics: [], periods: [], breachDevices: [], relatedBreaches: [],
    });
  });
  it('times: ISO, epoch, relative; a window that ends before it starts is refused naming start_time', () => {
    const now = Date.UTC(2024, 0, 15);
    expect(filterQuery({ start_time: '2024-01-14', end_time: '1705276800000', include_acknowledged: false, include_all_pinned: false }, now))
      .toMatchObject({ starttime: Date.UTC(2024, 0, 14), endtime: 1705276800000 });
    expect(filterQuery({ start_time: '2 days', include_acknowledged: true, include_all_pinned: false }, now).starttime).toBe(now - 2 * 86_400_000);
    expect(() => filterQuery({ start_time: '2024-01-15', end_time: '2024-01-14', include_acknowledged: false, include_all_pinned: false }, now))
      .toThrow('start_time: is after end_time (2024-01-15T00:00:00.000Z > 2024-01-14T00:00:00.000Z)');
  });
  it('readable: one curated row per event with the details summarised', () => {
    expect(toReadable([toEventRow(hijack)])).toBe('### AI Analyst incident events\n'
      + '|UUID|Title|Category|Incident|Incident score|Event score|Devices|Created|Acknowledged|Pinned|Details|\n|---|---|---|---|---|---|---|---|---|---|---|\n'
      + '| bc64f242-ce29-4f35-bc94-230991116564 | Possible Hijack of AzureActiveDirectory Account | critical | g750d9a5e-8df9-43fb-b3a3-1d1915dbc5fc | 40.7 | 94 | '
      + 'SaaS::AzureActiveDirectory: example.foo@storosta.com | 2022-07-26T16:45:09.000Z | false | true | SaaS User Details / SaaS account: SaaS::AzureActiveDirectory: example.foo@storosta.com; '
      + 'SaaS User Details / Actor: example.foo@storosta.com; Agent Carrying out Suspicious Activity / Source IP: 0.0.0.0; Agent Carrying out Suspicious Activity / ASN: AS577 BACOM |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('defaults: the last 7 days, unacknowledged, without old pinned events (includeallpinned=false is sent), each with its link', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/aianalyst/incidentevents', query: 'includeacknowledged=false&includeallpinned=false&includeincidenteventurl=true', body: '' }]);
    const week = Date.now() - 7 * 86_400_000;
    expect(result.outputs.length).toBeGreaterThan(3);
    for (const e of result.outputs) {
      expect(Date.parse(e.createdAt)).toBeGreaterThan(week);
      expect(e.acknowledged).toBe(false);
      expect(e.incidentEventUrl).toBe(`${FQDN_BASE}/#aiaincidentevent/${e.uuid}`);
    }
    expect(result.outputs.map((e: { groupScore: unknown }) => typeof e.groupScore)).not.toContain('string'); // the "72.9174234" incident
    expect(result.outputs.some((e: { groupScore: number }) => e.groupScore === 72.9174234)).toBe(true);
    expect(result.outputsKeyField).toBe('uuid');
    expect(Object.keys(result.entry.EntryContext)).toEqual(['Darktrace.AIAnalyst.Event(val.uuid && val.uuid == obj.uuid)']);
  });

  it('uuid (alias eventId) picks one event whatever its age; the official pack\'s names are aliases', async () => {
    const result = await e2e.result({ eventId: 'bc64f242-ce29-4f35-bc94-230991116564', locale: 'en_US' });
    expect(e2e.received()[0].query).toBe('includeacknowledged=false&includeallpinned=false&uuid=bc64f242-ce29-4f35-bc94-230991116564&locale=en_US&includeincidenteventurl=true');
    const row = { ...toEventRow(hijack), incidentEventUrl: `${FQDN_BASE}/#aiaincidentevent/bc64f242-ce29-4f35-bc94-230991116564` };
    expect(result.outputs).toEqual([row]);
    expect(result.readableOutput).toBe(toReadable([row]));
  });

  it('group_id, window and score filters go out as Darktrace names them', async () => {
    const result = await e2e.result({ group_id: 'g244590d8-4908-4ee2-b89c-4274e388d99e', start_time: '2023-09-01T00:00:00Z', end_time: '2023-09-30', min_group_score: 50, include_acknowledged: 'yes' });
    expect(e2e.received()[0].query).toBe('starttime=1693526400000&endtime=1696032000000&includeacknowledged=true&includeallpinned=false&groupid=g244590d8-4908-4ee2-b89c-4274e388d99e&mingroupscore=50&includeincidenteventurl=true');
    expect(result.outputs.map((e: { uuid: string }) => e.uuid).sort()).toEqual(['05fd5d04-a285-4d19-91bb-6be1563204e2', '244590d8-4908-4ee2-b89c-4274e388d99e', 'be4c89d5-083b-4ecd-83c4-4545233b8997']);
  });

  it('include_all_pinned=true brings back the captured pinned events from 2022', async () => {
    const result = await e2e.result({ include_all_pinned: true });
    expect(result.outputs.map((e: { uuid: string }) => e.uuid)).toEqual(expect.arrayContaining(['da042c57-3e45-4e65-aca5-63dbcdf8df0c', 'bc64f242-ce29-4f35-bc94-230991116564']));
  });

  it('nothing found: a clear line, no context', async () => {
    const result = await e2e.result({ start_time: '2021-01-01', end_time: '2021-01-02' });
    expect(result.readableOutput).toBe('### No AI Analyst incident events match');
    expect(result.entry.EntryContext).toEqual({});
  });

  it('bad arguments: each named with what is allowed; nothing sent', async () => {
    const res = await e2e.run({ start_time: 'yesterday-ish', min_group_score: 101, uuid: 'abc', group_id: '244590d8-4908-4ee2-b89c-4274e388d99e', locale: 'xx' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([
      { path: 'start_time', message: 'start_time: expected epoch milliseconds, an ISO 8601 date or time (UTC unless it has an offset), or a relative time such as "3 days" (got "yesterday-ish")' },
      { path: 'min_group_score', message: 'min_group_score: must be at most 100 (got 101)' },
      { path: 'uuid', message: 'uuid: must be an incident event UUID (got "abc")' },
      { path: 'group_id', message: 'group_id: must be a group ID: g followed by a UUID (got "244590d8-4908-4ee2-b89c-4274e388d99e")' },
      { path: 'locale', message: 'locale: must be one of en_GB, de_DE, en_US, es_ES, es_419, fr_FR, it_IT, ja_JP, ko_KR, pt_BR, zh_Hans, zh_Hant (got "xx")' },
    ]);
    expect(e2e.received()).toEqual([]);
  });
});
