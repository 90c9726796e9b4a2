import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ABSENT_DIDS, createEmulator, FIXTURE_DIDS, startEmulator } from '../../src/emulator/index.js';
import { envelope, PROVENANCES } from '../../src/emulator/fixtures.js';
import { NOW, start, type Started } from './helpers.js';

// The emulator carries verbatim copies of the team's captured fixtures (the shared folder is not in the repo).
const COPIES = new URL('../../src/emulator/fixtures/', import.meta.url);
const SHARED = new URL('../../../shared/fixtures/darktrace/', import.meta.url);
const EXTENDED_COPIES = new URL('darktrace-extended/', COPIES);
const EXTENDED_SHARED = new URL('../../../shared/fixtures/darktrace-extended/', import.meta.url);
const fixture = (name: string) => JSON.parse(readFileSync(new URL(name, COPIES), 'utf8'));
const jsonFiles = (dir: URL) => readdirSync(dir).filter((name) => name.endsWith('.json'));

it.runIf(existsSync(SHARED))('the fixture copies are byte-identical to the shared captures', () => {
  for (const [copies, shared] of [[COPIES, SHARED], [EXTENDED_COPIES, EXTENDED_SHARED]]) {
    for (const name of jsonFiles(copies)) expect(readFileSync(new URL(name, copies), 'utf8')).toBe(readFileSync(new URL(name, shared), 'utf8'));
  }
  expect(jsonFiles(EXTENDED_COPIES)).toEqual(jsonFiles(EXTENDED_SHARED)); // every extended capture is carried
});

it('every darktrace-extended copy is an envelope whose status and provenance are stated', () => {
  const names = jsonFiles(EXTENDED_COPIES);
  expect(names.length).toBeGreaterThanOrEqual(25);
  for (const name of names) {
    const e = envelope(JSON.parse(readFileSync(new URL(name, EXTENDED_COPIES), 'utf8')), name);
    expect(PROVENANCES).toContain(e._fixture.provenance);
    expect([200, 400]).toContain(e.http_status);
  }
  expect(() => envelope(fixture('similar_devices.json'), 'similar_devices.json'))
    .toThrow('similar_devices.json is not a fixture envelope {_fixture: {endpoint, provenance, …}, http_status, response}');
});

const breachRows = (em: ReturnType<typeof createEmulator>) => {
  const s = em.state.breaches;
  return Array.from({ length: s.count }, (_, i) => ({ pbid: s.pbid[i], time: s.time[i], creationTime: s.creation[i], acked: s.acked[i], did: s.did[i] }));
};

describe('counts', () => {
  it.each([[5, 2], [50, 200], [321, 1000]])('exactly %i devices and %i breaches', (devices, breaches) => {
    const em = createEmulator({ devices, breaches, now: () => NOW });
    expect(em.state.devices.size).toBe(devices);
    expect(em.state.breachCount).toBe(breaches);
    for (const did of FIXTURE_DIDS) expect(em.state.devices.has(did)).toBe(true);
    for (const did of ABSENT_DIDS) expect(em.state.devices.has(did)).toBe(false);
    expect(new Set(breachRows(em).map((b) => b.pbid)).size).toBe(breaches);
  });

  it('defaults: 50 devices, 200 breaches', () => {
    const em = createEmulator({ now: () => NOW });
    expect([em.state.devices.size, em.state.breachCount]).toEqual([50, 200]);
  });

  it('refuses counts that cannot hold the fixture entities', () => {
    expect(() => createEmulator({ devices: 4 })).toThrow(RangeError);
    expect(() => createEmulator({ breaches: 1 })).toThrow(RangeError);
  });

  it('the refusal names the option, its CLI flag and the minimum (the CLI prints the message as is)', async () => {
    expect(() => createEmulator({ devices: 4 })).toThrow(
      'devices (--devices) must be a whole number of at least 5, got 4: the fixture devices 1, 3, 823, 2520, 2540 always exist',
    );
    expect(() => createEmulator({ devices: 7.5 })).toThrow('devices (--devices) must be a whole number of at least 5, got 7.5');
    expect(() => createEmulator({ breaches: 1 })).toThrow(
      'breaches (--breaches) must be a whole number of at least 2, got 1: the fixture breaches 158, 159 always exist',
    );
    await expect(startEmulator({ port: 0, breaches: 0 })).rejects.toThrow(/^breaches \(--breaches\) must be a whole number of at least 2, got 0/);
    expect(() => createEmulator({ tagPostResponse: 'ok' as never })).toThrow(
      new RangeError('tagPostResponse must be \'tid\' or \'success\', got "ok"'),
    );
  });
});

describe('determinism', () => {
  it('the same seed and clock give the same data; another seed differs', () => {
    const a = createEmulator({ seed: 7, now: () => NOW });
    const b = createEmulator({ seed: 7, now: () => NOW });
    const c = createEmulator({ seed: 8, now: () => NOW });
    expect([...a.state.devices.values()]).toEqual([...b.state.devices.values()]);
    expect(breachRows(a)).toEqual(breachRows(b));
    expect(a.state.breachJson(100)).toEqual(b.state.breachJson(100));
    expect(a.state.entities).toEqual(b.state.entities);
    expect(breachRows(a)).not.toEqual(breachRows(c));
  });
});

describe('generated breaches', () => {
  const em = createEmulator({ breaches: 500, now: () => NOW });
  const generated = breachRows(em).filter((b) => b.pbid >= 160);

  it('are created within the 30 days before now, time never after creation', () => {
    for (const b of generated) {
      expect(b.creationTime).toBeLessThanOrEqual(NOW);
      expect(b.creationTime).toBeGreaterThanOrEqual(NOW - 30 * 86_400_000);
      expect(b.time).toBeLessThanOrEqual(b.creationTime);
    }
  });

  it('have pbids in creation order, ties, late creations, acknowledged and device-less ones', () => {
    for (let i = 1; i < generated.length; i++) expect(generated[i].creationTime).toBeGreaterThanOrEqual(generated[i - 1].creationTime);
    const byCreation = new Map<number, number>();
    for (const b of generated) byCreation.set(b.creationTime, (byCreation.get(b.creationTime) ?? 0) + 1);
    expect([...byCreation.values()].filter((n) => n > 1).length).toBeGreaterThan(10);
    expect(generated.filter((b) => b.creationTime - b.time >= 2 * 3_600_000).length).toBeGreaterThan(10);
    expect(generated.filter((b) => b.acked).length).toBeGreaterThan(20);
    expect(generated.filter((b) => b.did === -1).length).toBeGreaterThan(5);
  });

  it('cover every category, the compliance flag and a legacy model without category', () => {
    const models = generated.map((_, i) => (em.state.breachJson(i + 2).model as any).then);
    const categories = new Set(models.map((m) => m.category));
    expect(categories).toEqual(new Set(['Informational', 'Suspicious', 'Critical', 'Compliance', undefined]));
    expect(models.some((m) => m.category === 'Informational' && m.compliance === true)).toBe(true);
  });
});

describe('fixture entities over HTTP', () => {
  let em: Started;
  beforeAll(async () => { em = await start(); });
  afterAll(() => em.close());

  it('similar devices of did 1 (count=2) are exactly the capture', async () => {
    expect(await em.get('/similardevices?did=1&count=2')).toEqual(fixture('similar_devices.json'));
  });

  it('tags of did 1 are exactly device_tags.json', async () => {
    expect(await em.get('/tags/entities?did=1')).toEqual(fixture('device_tags.json'));
  });

  it('tag Admin with full details: the captured entities; devices only for dids that exist', async () => {
    const body = await em.get('/tags/entities?tag=Admin&fulldevicedetails=true');
    const captured = fixture('tagged_devices.json');
    expect(body.entities).toEqual(captured.entities);
    expect(body.entities.map((e: any) => e.entityValue)).toContain('999999999');
    expect(body.devices.map((d: any) => d.did)).toEqual([1, 2520, 2540]);
    expect(body.devices.filter((d: any) => d.did !== 1)).toEqual(captured.devices);
    expect(body.devices[0]).toMatchObject({ did: 1, hostname: 'ip-10-0-0-1', devicelabel: 'osSensor' });
    expect(body.devices[0].interfaces[0].ips[0]).toEqual({ ip: '10.0.0.1', sid: 1, hostname: 'ip-10-0-0-1', time: 1599850800 });
  });

  it('a Credential entity: device 2540\'s credential holds Active Threat (entities only; it is not a device)', async () => {
    const entities = await em.get('/tags/entities?tag=Active%20Threat');
    const credentials = entities.filter((e: any) => e.entityType === 'Credential');
    expect(credentials).toEqual([
      { teid: 4400, tehid: 4400, tid: 150, thid: 0, entityType: 'Credential', entityValue: 'ec2amaz-44comhv\\administrator', valid: true },
    ]);
    expect(fixture('tagged_devices.json').devices[1].credentials.map((c: any) => c.credential)).toContain(credentials[0].entityValue);
    expect(entities.filter((e: any) => e.entityType === 'Device').length).toBeGreaterThan(0);
    const full = await em.get('/tags/entities?tag=Active%20Threat&fulldevicedetails=true');
    expect(full.entities).toEqual(entities);
    expect(full.devices.map((d: any) => d.did)).not.toContain(2540);
    expect((await em.get('/tags/entities?did=2540')).map((t: any) => t.name)).not.toContain('Active Threat');
  });

  it('hostname test.com is exactly endpoint_details.json', async () => {
    expect(await em.get('/endpointdetails?hostname=test.com&additionalinfo=true&devices=true&score=true')).toEqual(fixture('endpoint_details.json'));
  });

  it('device 1 connection info is exactly conn_info.json', async () => {
    expect(await em.get('/deviceinfo?did=1&datatype=co&showallgraphdata=false&fulldevicedetails=false')).toEqual(fixture('conn_info.json'));
  });

  it('breaches 158 and 159 are served verbatim', async () => {
    const [b159, b158] = fixture('modelbreaches.json');
    expect(await em.get('/modelbreaches?pbid=158')).toEqual(b158);
    expect(await em.get('/modelbreaches?pbid=159')).toEqual(b159);
    expect(await em.get('/modelbreaches?minscore=0.0&starttime=1598932817000&endtime=1598940000000')).toEqual([b159, b158]);
  });
});

describe('scale', () => {
  it('100k breaches: generated fast, stored compactly, streamed', async () => {
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const em = await start({ breaches: 100_000, devices: 2000 });
    const generatedMs = performance.now() - t0;
    const heapAfter = process.memoryUsage().heapUsed;
    console.log(`100k breaches + 2000 devices: ${generatedMs.toFixed(0)} ms, heap +${((heapAfter - heapBefore) / 1e6).toFixed(1)} MB`);
    try {
      expect(em.state.breachCount).toBe(100_000);
      const day = await em.get(`/modelbreaches?starttime=${NOW - 86_400_000}&endtime=${NOW}&includeacknowledged=true`);
      expect(day.length).toBeGreaterThan(2000);
      expect(day.every((b: any) => b.time >= NOW - 86_400_000 && b.time <= NOW)).toBe(true);
      const all = await em.call(`/modelbreaches?starttime=0&endtime=${NOW}&includeacknowledged=true&minimal=true`);
      expect(JSON.parse(all.text)).toHaveLength(100_000);
      console.log(`full minimal response: ${(all.text.length / 1e6).toFixed(1)} MB; heap now ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
    } finally {
      await em.close();
    }
  });
});
