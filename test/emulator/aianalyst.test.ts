// The AI Analyst resource over raw HTTP: seeded captures, the window and pinned defaults, the opposite
// uuid/groupid priorities, form-only flags, JSON-only comments, strict parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import events from '../../src/emulator/fixtures/darktrace-extended/aianalyst_incidentevents.json' with { type: 'json' };
import { NOW, start, type Started } from './helpers.js';

let em: Started;
beforeAll(async () => { em = await start(); });
afterAll(async () => { await em.close(); });

const SEKOIA = events.response.map((e) => e.id);
const PINNED = ['da042c57-3e45-4e65-aca5-63dbcdf8df0c', 'bc64f242-ce29-4f35-bc94-230991116564'];
const form = (body: string, path: string) => em.call(path, { body, contentType: 'application/x-www-form-urlencoded' });

describe('GET /aianalyst/incidentevents', () => {
  it('no parameters: the last 7 days plus every pinned event (includeallpinned defaults to true), unacknowledged only', async () => {
    const got: Array<{ id: string; createdAt: number; pinned: boolean; acknowledged: boolean }> = await em.get('/aianalyst/incidentevents');
    for (const e of got) expect(e.createdAt >= NOW - 7 * 86_400_000 || e.pinned).toBe(true);
    expect(got.map((e) => e.id)).toEqual(expect.arrayContaining(PINNED));
    expect(got.some((e) => e.acknowledged)).toBe(false);
    const sorted = got.map((e) => e.createdAt);
    expect([...sorted].sort((a, b) => b - a)).toEqual(sorted);
  });
  it('a captured event is served verbatim (bar an incidentEventUrl only when asked)', async () => {
    expect(await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[0]}`)).toEqual([events.response[0]]);
    const [withUrl] = await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[0]}&includeincidenteventurl=true`);
    // The appliance's configured FQDN (as captured: aianalyst_incidentevents_with_url.json), not the Host sent to.
    expect(withUrl.incidentEventUrl).toBe(`https://my.darktrace.com/#aiaincidentevent/${SEKOIA[0]}`);
  });
  it('responsedata is not documented here: not honoured, the events come whole', async () => {
    const whole = await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[0]}`);
    expect(await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[0]}&responsedata=createdAt`)).toEqual(whole);
    const groups = await em.get(`/aianalyst/groups?groupid=g${SEKOIA[0]}`);
    expect(await em.get(`/aianalyst/groups?groupid=g${SEKOIA[0]}&responsedata=id`)).toEqual(groups);
  });
  it('an appliance without an FQDN (fqdn: null) adds no link even when asked', async () => {
    const bare = await start({ fqdn: null });
    try {
      const [event] = await bare.get(`/aianalyst/incidentevents?uuid=${SEKOIA[0]}&includeincidenteventurl=true`);
      expect(event).toEqual(events.response[0]);
      expect(event).not.toHaveProperty('incidentEventUrl');
    } finally {
      await bare.close();
    }
  });
  it('uuid beats groupid, which beats the filters', async () => {
    const both = await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[3]}&groupid=g${SEKOIA[0]}`);
    expect(both.map((e: { id: string }) => e.id)).toEqual([SEKOIA[3]]);
    const group = await em.get(`/aianalyst/incidentevents?groupid=g${SEKOIA[0]}&starttime=0&endtime=1`);
    expect(group.map((e: { id: string }) => e.id).sort()).toEqual(SEKOIA.slice(0, 3).sort());
  });
  it('strict parameters: booleans, scores 0-100, locales', async () => {
    for (const [q, error] of [
      ['includeacknowledged=True', 'Invalid value for includeacknowledged: expected true or false'],
      ['mingroupscore=101', 'Invalid value for mingroupscore: expected 0-100'],
      ['locale=en', 'Invalid value for locale: expected en_GB, de_DE, en_US, es_ES, es_419, fr_FR, it_IT, ja_JP, ko_KR, pt_BR, zh_Hans or zh_Hant'],
      ['starttime=10&endtime=5', 'Invalid value for starttime: after endtime'],
    ]) {
      const res = await em.call(`/aianalyst/incidentevents?${q}`);
      expect([res.status, res.json()]).toEqual([400, { error, response: 'INPUT ERROR' }]);
    }
  });
});

describe('GET /aianalyst/groups', () => {
  it('groupid beats uuid (the reverse of incidentevents); a captured group is verbatim', async () => {
    const got = await em.get(`/aianalyst/groups?groupid=gda042c57-3e45-4e65-aca5-63dbcdf8df0c&uuid=${SEKOIA[0]}&includegroupurl=true`);
    expect(got.map((g: { id: string }) => g.id)).toEqual(['gda042c57-3e45-4e65-aca5-63dbcdf8df0c']);
    expect(got[0].groupUrl).toBe('https://my.cloud.darktrace.com/#aiagroup/gda042c57-3e45-4e65-aca5-63dbcdf8df0c');
  });
  it('a derived group lists its events; acknowledged once all are', async () => {
    const [g] = await em.get(`/aianalyst/groups?uuid=${SEKOIA[1]}`);
    expect(g).toMatchObject({ id: `g${SEKOIA[0]}`, acknowledged: false, category: 'critical', devices: [81, 68] });
    expect(g.incidentEvents.map((e: { uuid: string }) => e.uuid)).toEqual(SEKOIA.slice(0, 3));
  });
});

describe('acknowledge / unacknowledge / pin / unpin', () => {
  it('form uuid=a,b: {"aianalyst":"SUCCESS"}, visible to later reads', async () => {
    const res = await form(`uuid=${SEKOIA[0]},${SEKOIA[1]}`, '/aianalyst/acknowledge');
    expect([res.status, res.json()]).toEqual([200, { aianalyst: 'SUCCESS' }]);
    const read = await em.get(`/aianalyst/incidentevents?groupid=g${SEKOIA[0]}`);
    expect(read.map((e: { acknowledged: boolean }) => e.acknowledged).sort()).toEqual([false, true, true]);
    expect((await em.get(`/aianalyst/incidentevents?starttime=0&endtime=${NOW}`)).map((e: { id: string }) => e.id)).not.toContain(SEKOIA[0]);
    await form(`uuid=${SEKOIA[0]},${SEKOIA[1]}`, '/aianalyst/unacknowledge');
    await form(`uuid=${SEKOIA[3]}`, '/aianalyst/pin');
    expect((await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[3]}`))[0].pinned).toBe(true);
    await form(`uuid=${SEKOIA[3]}`, '/aianalyst/unpin');
  });
  it('JSON is refused; an unknown uuid changes nothing', async () => {
    const json = await em.call('/aianalyst/pin', { body: JSON.stringify({ uuid: SEKOIA[0] }) });
    expect([json.status, json.json()]).toEqual([400, { error: 'JSON is not supported: send a form body uuid=<id>', response: 'INPUT ERROR' }]);
    const unknown = await form(`uuid=${SEKOIA[2]},nope`, '/aianalyst/pin');
    expect([unknown.status, unknown.json().error]).toEqual([400, 'Unknown incident event uuid nope']);
    expect((await em.get(`/aianalyst/incidentevents?uuid=${SEKOIA[2]}`))[0].pinned).toBe(false);
  });
});

describe('comments', () => {
  it('GET needs a known incident_id; the captured comments are seeded', async () => {
    expect((await em.get('/aianalyst/incident/comments?incident_id=bc64f242-ce29-4f35-bc94-230991116564')).comments).toHaveLength(2);
    expect((await em.call('/aianalyst/incident/comments')).json()).toEqual({ error: 'Missing required parameter: incident_id', response: 'INPUT ERROR' });
  });
  it('POST JSON stores; a form body is refused', async () => {
    const ok = await em.call('/aianalyst/incident/comments', { body: JSON.stringify({ incident_id: SEKOIA[2], message: 'hi' }) });
    expect([ok.status, ok.json()]).toEqual([200, { aianalyst: 'SUCCESS' }]);
    expect((await em.get(`/aianalyst/incident/comments?incident_id=${SEKOIA[2]}`)).comments).toEqual([{ username: 'api', time: NOW, incident_id: SEKOIA[2], message: 'hi' }]);
    const asForm = await form(`incident_id=${SEKOIA[2]}&message=hi`, '/aianalyst/incident/comments');
    expect(asForm.status).toBe(400);
  });
});

describe('model-breach details, comments and models', () => {
  it('/details?pbid: the breach event first; count includes it; offset skips connections only', async () => {
    const all = await em.get('/details?pbid=159');
    expect(all[0]).toMatchObject({ eventType: 'policybreach', pbid: 159, pid: 761, components: [2998], devices: [823] });
    expect(all.slice(1).every((e: { eventType: string }) => e.eventType === 'connection')).toBe(true);
    expect(await em.get('/details?pbid=159&count=2')).toEqual(all.slice(0, 2));
    expect(await em.get('/details?pbid=159&count=2&offset=1')).toEqual([all[0], all[2]]);
    expect(await em.get('/details?pbid=424242')).toEqual([]);
    expect((await em.call('/details?did=1')).status).toBe(400);
  });
  it('breach comments: POST JSON appends (list answer), commentCount follows, /mbcomments sees it', async () => {
    const res = await em.call('/modelbreaches/158/comments', { body: JSON.stringify({ message: 'Test Comment' }) });
    expect(res.json()).toEqual([{ message: 'Test Comment', username: 'api', time: NOW, pid: 44, commentid: expect.any(Number) }]);
    expect((await em.get('/modelbreaches/158')).commentCount).toBe(1);
    expect(await em.get('/mbcomments?pbid=158')).toEqual([{ time: NOW, pbid: 158, username: 'api', message: 'Test Comment', pid: 44, name: 'Antigena::Network::Model' }]);
    expect((await em.call('/modelbreaches/158/comments', { body: 'message=x', contentType: 'application/x-www-form-urlencoded' })).status).toBe(400);
  });
  it('/models?uuid is an array; /models/{pid} and /components/{cid} objects or 404', async () => {
    expect((await em.get('/models?uuid=1d02492e-941d-46d1-bdfc-7968adc01194')).map((m: { pid: number }) => m.pid)).toEqual([44]);
    expect(await em.get('/models?uuid=nope')).toEqual([]);
    expect((await em.call('/models/424242')).status).toBe(404);
    expect((await em.get('/components/2998')).filters[0]).toEqual({ id: 'A', cfid: 28022, cfhid: 28023, filtertype: 'DNS host lookup', comparator: 'contains', arguments: { value: 'cheese.com' } });
  });
});
