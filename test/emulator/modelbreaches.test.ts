import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, start, type Started } from './helpers.js';

const DAY = 86_400_000;
let em: Started;
beforeAll(async () => { em = await start({ breaches: 600 }); });
afterAll(() => em.close());

const rows = () => {
  const s = em.state.breaches;
  return Array.from({ length: s.count }, (_, i) => ({ pbid: s.pbid[i], time: s.time[i], creationTime: s.creation[i], acked: s.acked[i] === 1, score: s.score[i] / 1000 }));
};
const pbids = (list: any[]) => list.map((b) => b.pbid).sort((a, b) => a - b);

describe('/modelbreaches filtering', () => {
  it('starttime/endtime filter on time (inclusive); creationtime=true filters on creationTime', async () => {
    const late = rows().find((b) => b.pbid >= 160 && b.creationTime - b.time > 2 * 3_600_000)!;
    // A window that holds the late breach's creation but not its first activity.
    const start = late.creationTime - 1000;
    const end = late.creationTime;
    const byTime = await em.get(`/modelbreaches?starttime=${start}&endtime=${end}&includeacknowledged=true`);
    const byCreation = await em.get(`/modelbreaches?starttime=${start}&endtime=${end}&includeacknowledged=true&creationtime=true`);
    expect(pbids(byTime)).not.toContain(late.pbid);
    expect(pbids(byCreation)).toContain(late.pbid);
    const expected = rows().filter((b) => b.creationTime >= start && b.creationTime <= end).map((b) => b.pbid).sort((a, b) => a - b);
    expect(pbids(byCreation)).toEqual(expected);
    const exact = await em.get(`/modelbreaches?starttime=${late.time}&endtime=${late.time}&includeacknowledged=true`);
    expect(pbids(exact)).toContain(late.pbid);
  });

  it('from/to strings work like starttime/endtime', async () => {
    const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
    const a = await em.get(`/modelbreaches?starttime=${NOW - 3 * DAY}&endtime=${NOW - DAY}`);
    const b = await em.get(`/modelbreaches?from=${encodeURIComponent(iso(NOW - 3 * DAY))}&to=${encodeURIComponent(iso(NOW - DAY))}`, {
      signTarget: `/modelbreaches?from=${iso(NOW - 3 * DAY)}&to=${iso(NOW - DAY)}`,
    });
    expect(pbids(b)).toEqual(pbids(a));
    expect((await em.call('/modelbreaches?from=yesterday')).status).toBe(400);
  });

  it('acknowledged breaches are hidden unless includeacknowledged=true', async () => {
    const q = `starttime=${NOW - 31 * DAY}&endtime=${NOW}`;
    const hidden = await em.get(`/modelbreaches?${q}`);
    const all = await em.get(`/modelbreaches?${q}&includeacknowledged=true`);
    expect(hidden.every((b: any) => b.acknowledged === false)).toBe(true);
    expect(all.length).toBeGreaterThan(hidden.length);
    expect(all.length).toBe(rows().filter((b) => b.time >= NOW - 31 * DAY).length);
  });

  it('minscore (0-1) keeps score >= minscore', async () => {
    const list = await em.get(`/modelbreaches?starttime=0&minscore=0.8&includeacknowledged=true`);
    expect(list.length).toBe(rows().filter((b) => b.score >= 0.8).length);
    expect(list.every((b: any) => b.score >= 0.8)).toBe(true);
  });

  it('only starttime: up to now; nothing: the first year of memory (the 2020 fixtures)', async () => {
    expect((await em.get(`/modelbreaches?starttime=0&includeacknowledged=true`)).length).toBe(600);
    expect(pbids(await em.get('/modelbreaches'))).toEqual([158, 159]);
  });

  it('newest first (by time), ties by pbid', async () => {
    const list = await em.get(`/modelbreaches?starttime=0&includeacknowledged=true`);
    for (let i = 1; i < list.length; i++) {
      const [a, b] = [list[i - 1], list[i]];
      expect(a.time > b.time || (a.time === b.time && a.pbid > b.pbid)).toBe(true);
    }
  });

  it('did, pid filters', async () => {
    const byDid = await em.get('/modelbreaches?starttime=0&did=823&includeacknowledged=true');
    expect(byDid.every((b: any) => b.device.did === 823)).toBe(true);
    expect(pbids(byDid)).toEqual(expect.arrayContaining([158, 159]));
    const byPid = await em.get('/modelbreaches?starttime=0&pid=761');
    expect(pbids(byPid)).toEqual([159]);
  });

  it('bad numbers: INPUT ERROR', async () => {
    expect((await em.call('/modelbreaches?starttime=yesterday')).status).toBe(400);
    expect((await em.call('/modelbreaches?minscore=high')).status).toBe(400);
    expect((await em.call('/modelbreaches?includeacknowledged=yes')).status).toBe(400);
  });

  it('with pbid the other filters are ignored, but a malformed one is still an INPUT ERROR', async () => {
    expect((await em.get('/modelbreaches?pbid=300&minscore=0.99&includeacknowledged=false')).pbid).toBe(300);
    for (const query of ['includeacknowledged=yes', 'minscore=high', 'starttime=yesterday', 'creationtime=1', 'from=yesterday', 'did=x', 'expandenums=True']) {
      const res = await em.call(`/modelbreaches?pbid=300&${query}`);
      expect(res.status, query).toBe(400);
      expect(res.json().response, query).toBe('INPUT ERROR');
    }
  });
});

describe('/modelbreaches shapes', () => {
  it('pbid returns one object; unknown pbid is a 404 JSON error', async () => {
    const one = await em.get('/modelbreaches?pbid=300');
    expect(Array.isArray(one)).toBe(false);
    expect(one.pbid).toBe(300);
    expect(await em.get('/modelbreaches/300')).toEqual(one);
    const missing = await em.call('/modelbreaches?pbid=99999999');
    expect(missing.status).toBe(404);
    expect(missing.json()).toEqual({ error: expect.any(String) });
  });

  it('generated breaches have the captured shape', async () => {
    const b = rows().find((r) => r.pbid >= 160)!;
    const breach = await em.get(`/modelbreaches?pbid=${b.pbid}`);
    expect(Object.keys(breach)).toEqual(expect.arrayContaining(['creationTime', 'commentCount', 'pbid', 'time', 'model', 'triggeredComponents', 'score', 'acknowledged']));
    expect(Object.keys(breach.model)).toEqual(['then', 'now']);
    expect(breach.model.then).toMatchObject({ name: expect.stringContaining('::'), pid: expect.any(Number), uuid: expect.any(String), priority: expect.any(Number) });
    expect(breach.triggeredComponents[0]).toMatchObject({ cbid: b.pbid + 18, metric: { mlid: expect.any(Number), name: expect.any(String), label: expect.any(String) } });
    expect(breach.triggeredComponents[0].triggeredFilters.at(-1)).toMatchObject({ id: 'd1', comparatorType: 'display' });
  });

  it('some breaches have no device block', async () => {
    const list = await em.get(`/modelbreaches?starttime=0&includeacknowledged=true`);
    expect(list.some((b: any) => !('device' in b))).toBe(true);
  });

  it('deviceattop=false moves the device into each triggered component', async () => {
    const b = await em.get('/modelbreaches?pbid=159&deviceattop=false');
    expect(b.device).toBeUndefined();
    expect(b.triggeredComponents[0].device.did).toBe(823);
  });

  it('minimal=true drops triggered components; historicmodelonly=true returns model.then only', async () => {
    const minimal = await em.get('/modelbreaches?pbid=200&minimal=true');
    expect(minimal.triggeredComponents).toBeUndefined();
    expect(Object.keys(minimal.model)).toEqual(['then', 'now']);
    const historic = await em.get('/modelbreaches?pbid=200&historicmodelonly=true');
    expect(historic.model.name).toEqual(expect.any(String));
    expect(historic.model.then).toBeUndefined();
  });

  it('includebreachurl adds the UI link on the configured FQDN, only with minimal=false and only when asked', async () => {
    const b = await em.get('/modelbreaches?pbid=200&includebreachurl=true');
    expect(b.breachUrl).toBe('https://my.darktrace.com/#modelbreach/200');
    expect(await em.get('/modelbreaches?pbid=200')).not.toHaveProperty('breachUrl');
    expect(await em.get('/modelbreaches?pbid=200&includebreachurl=true&minimal=true')).not.toHaveProperty('breachUrl');
    const list = await em.get(`/modelbreaches?creationtime=true&starttime=0&endtime=${NOW}&includeacknowledged=true&includebreachurl=true`);
    expect(list.length).toBeGreaterThan(0);
    for (const x of list) expect(x.breachUrl).toBe(`https://my.darktrace.com/#modelbreach/${x.pbid}`);
    const bare = await start({ fqdn: null, breaches: 2 });
    try {
      expect(await bare.get('/modelbreaches?pbid=159&includebreachurl=true')).not.toHaveProperty('breachUrl');
    } finally {
      await bare.close();
    }
  });

  it('an fqdn option that is not a host name is refused, naming it', async () => {
    await expect(start({ fqdn: 'https://x/' })).rejects.toThrow('fqdn must be a host name such as my.darktrace.com (or null: none configured), got "https://x/"');
  });
});

describe('state changes', () => {
  it('addBreach makes a new breach appear between fetches', async () => {
    const q = `/modelbreaches?starttime=${NOW - 60_000}&endtime=${NOW + 60_000}&creationtime=true&includeacknowledged=true`;
    const before = await em.get(q);
    const added = em.state.addBreach({ creationTime: NOW, time: NOW - 5 * 3_600_000, score: 0.91, model: 'Device::Attack and Recon Tools', did: 5 });
    const after = await em.get(q);
    expect(after.length).toBe(before.length + 1);
    expect(after.find((b: any) => b.pbid === added.pbid)).toMatchObject({ score: 0.91, device: { did: 5 }, creationTime: NOW });
    expect(em.state.breachCount).toBe(601);
  });

  it('acknowledge / unacknowledge toggle the flag', async () => {
    const pbid = rows().find((r) => r.pbid >= 160 && !r.acked)!.pbid;
    const ack = await em.call(`/modelbreaches/${pbid}/acknowledge`, { body: '{"acknowledge":"true"}' });
    expect(ack.json()).toEqual({ response: 'SUCCESS' });
    expect((await em.get(`/modelbreaches?pbid=${pbid}`)).acknowledged).toBe(true);
    await em.call(`/modelbreaches/${pbid}/unacknowledge`, { body: 'unacknowledge=true', contentType: 'application/x-www-form-urlencoded' });
    expect((await em.get(`/modelbreaches?pbid=${pbid}`)).acknowledged).toBe(false);
  });
});

describe('shuffleBreaches', () => {
  it('returns the same set in a non-sorted order', async () => {
    const shuffled = await start({ breaches: 300, shuffleBreaches: true });
    try {
      const list = await shuffled.get('/modelbreaches?starttime=0&includeacknowledged=true');
      expect(list).toHaveLength(300);
      const times = list.map((b: any) => b.time);
      expect(times).not.toEqual([...times].sort((a, b) => b - a));
    } finally {
      await shuffled.close();
    }
  });
});
