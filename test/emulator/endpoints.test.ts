import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NOW, start, type Started } from './helpers.js';

let em: Started;
beforeAll(async () => { em = await start(); });
afterAll(() => em.close());

const b64 = (doc: unknown) => Buffer.from(JSON.stringify(doc)).toString('base64');
const analyze = (field: string, op: string, doc: unknown) => em.call(`/advancedsearch/api/analyze/${field}/${op}/${b64(doc)}`);
const QUERY = { search: '@type:"ssl"', fields: [], offset: 0, timeframe: 'custom', time: { from: '2024-01-15T10:00:00Z', to: '2024-01-15T11:00:00Z' } };

describe('/status', () => {
  it('has the appliance time and version', async () => {
    const body = await em.get('/status?format=json');
    expect(body.time).toBe('2024-01-15 12:00:00');
    expect(body.version).toMatch(/^\d+\.\d+\.\d+ \([0-9a-f]+\)$/);
    expect(body.modelsBreached).toBe(200);
  });

  it('responsedata restricts the object to that key', async () => {
    expect(await em.get('/status?responsedata=version')).toEqual({ version: expect.any(String) });
  });

  it('rejects booleans that are not lowercase true/false with INPUT ERROR', async () => {
    const res = await em.call('/status?includechildren=True');
    expect(res.status).toBe(400);
    expect(res.json()).toEqual({ error: expect.any(String), response: 'INPUT ERROR' });
  });
});

describe('/similardevices', () => {
  it('device 1: 823 and 3 first, then others by falling score; default count 5', async () => {
    const list = await em.get('/similardevices?did=1');
    expect(list).toHaveLength(5);
    expect(list.slice(0, 2).map((d: any) => d.did)).toEqual([823, 3]);
    const scores = list.map((d: any) => d.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    expect(list.some((d: any) => d.did === 1)).toBe(false);
  });

  it('fulldevicedetails adds each device\'s tags', async () => {
    const [first] = await em.get('/similardevices?did=2540&count=3&fulldevicedetails=true');
    expect(Array.isArray(first.tags)).toBe(true);
    const withTags = await em.get('/similardevices?did=2&count=100&fulldevicedetails=true');
    expect(withTags.find((d: any) => d.did === 1).tags.map((t: any) => t.name)).toEqual(['Admin', 'TEST', 'Katherine Test']);
  });

  it('unknown did: empty list; missing or bad did: INPUT ERROR', async () => {
    expect(await em.get('/similardevices?did=424242')).toEqual([]);
    expect((await em.call('/similardevices?count=2')).status).toBe(400);
    expect((await em.call('/similardevices?did=abc')).status).toBe(400);
  });
});

describe('/endpointdetails', () => {
  it('flags add fields; without flags only the basics', async () => {
    expect(await em.get('/endpointdetails?hostname=test.com')).toEqual({ hostname: 'test.com', firsttime: 1596775643000 });
    const full = await em.get('/endpointdetails?hostname=cheese.com&additionalinfo=true&devices=true&score=true');
    expect(Object.keys(full)).toEqual(['hostname', 'firsttime', 'devices', 'ips', 'locations', 'popularity', 'dgascore']);
  });

  it('external IP: geo fields; internal IP: internal_ip; unknown: {}', async () => {
    const ext = await em.get('/endpointdetails?ip=8.8.8.8&devices=true');
    expect(ext).toMatchObject({ ip: '8.8.8.8', country: 'United States', asn: expect.any(String), devices: expect.any(Array) });
    const device = [...em.state.devices.values()].find((d) => d.did > 3 && d.ip?.startsWith('10.'))!;
    const internal = await em.get(`/endpointdetails?ip=${device.ip}&devices=true`);
    expect(internal).toMatchObject({ name: 'internal_ip', subnetid: String(device.sid) });
    expect(internal.devices[0].did).toBe(device.did);
    expect(await em.get('/endpointdetails?hostname=never-seen.example')).toEqual({});
    expect(await em.get('/endpointdetails?ip=192.0.2.99')).toEqual({});
  });

  it('needs exactly one of ip / hostname', async () => {
    expect((await em.call('/endpointdetails')).status).toBe(400);
    expect((await em.call('/endpointdetails?ip=8.8.8.8&hostname=test.com')).status).toBe(400);
  });
});

describe('/deviceinfo', () => {
  it('similardevices=n gives n+1 entries; fulldevicedetails adds devices', async () => {
    const body = await em.get('/deviceinfo?did=1&datatype=co&similardevices=2&fulldevicedetails=true');
    expect(body.deviceInfo.map((e: any) => [e.did, e.similarityScore])).toEqual([[1, 100], [823, 99], [3, 99]]);
    expect(body.devices.map((d: any) => d.did)).toEqual(expect.arrayContaining([1, 2, 3, 823]));
  });

  it('generated entries are shaped like conn_info.json', async () => {
    const [entry] = (await em.get('/deviceinfo?did=7&datatype=sizeout')).deviceInfo;
    expect(Object.keys(entry)).toEqual(['did', 'similarityScore', 'graphData', 'info']);
    expect(Object.keys(entry.info)).toEqual(['totalUsed', 'totalServed', 'totalDevicesAndPorts', 'devicesAndPorts', 'portsUsed', 'portsServed', 'devicesUsed', 'devicesServed']);
    expect(entry.graphData.every((g: any) => g.count > 0)).toBe(true);
    expect(entry.info.devicesAndPorts.at(-1)).toEqual({ deviceAndPort: 'others', size: 1 });
    const sum = entry.info.devicesAndPorts.reduce((s: number, e: any) => s + e.size, 0);
    expect(sum).toBeLessThanOrEqual(100);
  });

  it('showallgraphdata keeps empty hours; odid=0 adds external ASNs/domains; externaldomain adds domain', async () => {
    const all = (await em.get('/deviceinfo?did=7&showallgraphdata=true')).deviceInfo[0];
    expect(all.graphData.length).toBe(28 * 24 + 1);
    expect(all.graphData.some((g: any) => g.count === 0)).toBe(true);
    const [ext] = (await em.get('/deviceinfo?did=7&odid=0&externaldomain=cheese.com')).deviceInfo;
    expect(ext.info.externalASNs.length).toBeGreaterThan(0);
    expect(ext.info.externalDomains.length).toBeGreaterThan(0);
    expect(ext.domain).toBe('cheese.com');
  });

  it('port filters the port lists', async () => {
    const [entry] = (await em.get('/deviceinfo?did=1&port=53')).deviceInfo;
    expect(entry.info.portsUsed).toEqual([{ port: 53, size: 44, firstTime: 1591729360000 }]);
  });

  it('bad input: INPUT ERROR; unknown did: empty deviceInfo', async () => {
    expect((await em.call('/deviceinfo')).status).toBe(400);
    expect((await em.call('/deviceinfo?did=1&datatype=bytes')).status).toBe(400);
    expect(await em.get('/deviceinfo?did=424242')).toEqual({ deviceInfo: [] });
  });
});

describe('/advancedsearch/api/analyze', () => {
  it('the captured request returns advanced_search_analysis.json', async () => {
    const doc = { ...QUERY, time: { from: '2020-02-20T17:00:00Z', to: '2020-02-20T17:15:00Z' } };
    const body = (await analyze('@fields.source_ip', 'score', doc)).json();
    expect(body.hits.hits[0]).toEqual({ count: 6314, id: '192.168.0.88' });
    expect(body.kibana.index).toBe('logstash-darktrace-2020.02.20');
  });

  it('score, trend, terms and mean have their shapes', async () => {
    const score = (await analyze('@fields.dest_ip', 'score', QUERY)).json();
    expect(score.hits.hits[0]).toEqual({ count: expect.any(Number), id: expect.any(String) });
    expect(score.aggregations.score.buckets[0]).toEqual({ key: expect.any(Number), doc_count: expect.any(Number) });
    const trend = (await analyze('@fields.dest_port', 'trend', QUERY)).json();
    expect(trend.hits.hits[0]).toEqual({ id: expect.any(String), count: expect.any(Number), start: expect.any(Number), trend: expect.any(Number) });
    expect(trend.hits.count).toBe(trend.hits.hits.length);
    const terms = (await analyze('@type', 'terms', QUERY)).json();
    expect(terms.aggregations.terms.buckets[0]).toEqual({ key: expect.any(String), doc_count: expect.any(Number) });
    const mean = (await analyze('@fields.orig_bytes', 'mean', QUERY)).json();
    expect(Object.keys(mean.aggregations.stats)).toEqual(['count', 'min', 'max', 'avg', 'sum']);
    expect(mean.kibana.time).toEqual({ from: '2024-01-15T10:00:00.000Z', to: '2024-01-15T11:00:00.000Z' });
  });

  it('a Base64 with + and / is read from the raw path (and signed verbatim)', async () => {
    const doc = { ...QUERY, search: '@fields.note:">>>???"' };
    const encoded = b64(doc);
    expect(encoded).toMatch(/[+/]/);
    expect((await em.call(`/advancedsearch/api/analyze/@fields.source_ip/score/${encoded}`)).status).toBe(200);
  });

  it('relative timeframe in seconds', async () => {
    const body = (await analyze('@fields.source_ip', 'terms', { search: '*', fields: [], timeframe: '3600' })).json();
    expect(body.kibana.time.to).toBe(new Date(NOW).toISOString());
  });

  it('invalid Base64, invalid JSON, missing fields or unknown operation: INPUT ERROR', async () => {
    const bad = [
      '/advancedsearch/api/analyze/@type/score/not*base64',
      `/advancedsearch/api/analyze/@type/score/${Buffer.from('{nope').toString('base64')}`,
      `/advancedsearch/api/analyze/@type/score/${b64({ search: '*', timeframe: '3600' })}`,
      `/advancedsearch/api/analyze/@type/median/${b64(QUERY)}`,
      `/advancedsearch/api/analyze/@type/score/${b64({ ...QUERY, time: { from: 'yesterday', to: 'today' } })}`,
    ];
    for (const target of bad) {
      const res = await em.call(target);
      expect(res.status, target).toBe(400);
      expect(res.json().response).toBe('INPUT ERROR');
    }
  });
});
