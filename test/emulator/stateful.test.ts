import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formBody } from '../../src/darktrace/signing.js';
import { NOW, start, type Started } from './helpers.js';

let em: Started;
let clock = NOW;
beforeEach(async () => {
  clock = NOW;
  em = await start({ now: () => clock });
});
afterEach(() => em.close());

const FORM = 'application/x-www-form-urlencoded';
const postTag = (form: Array<[string, string | number]>) => em.call('/tags/entities', { body: formBody(form), contentType: FORM });
const tagNames = async (did: number) => (await em.get(`/tags/entities?did=${did}`)).map((t: any) => t.name);
const postIntel = (body: unknown, contentType = 'application/json') =>
  em.call('/intelfeed', { body: typeof body === 'string' ? body : JSON.stringify(body), contentType });

describe('tags', () => {
  it('POST (form) tags a device and answers {tid}; GET by did and by tag see it; DELETE removes it', async () => {
    const res = await postTag([['did', 2], ['tag', 'Admin']]);
    expect(res.json()).toEqual({ tid: 9 });
    expect(await tagNames(2)).toContain('Admin');
    const entities = await em.get('/tags/entities?tag=Admin');
    expect(entities.at(-1)).toMatchObject({ tid: 9, entityType: 'Device', entityValue: '2', valid: true });

    const del = await em.call('/tags/entities?did=2&tag=Admin', { method: 'DELETE' });
    expect(del.json()).toEqual({ response: 'SUCCESS' });
    expect(await tagNames(2)).not.toContain('Admin');
  });

  it('an unknown tag name is created with a new tid', async () => {
    const { tid } = (await postTag([['did', 4], ['tag', 'Brand New Tag']])).json();
    expect(tid).toBeGreaterThan(155);
    const [tag] = await em.get('/tags/entities?did=4').then((tags: any[]) => tags.filter((t) => t.name === 'Brand New Tag'));
    expect(tag).toMatchObject({ tid, thid: tid, expiry: 0, restricted: false, isReferenced: false });
  });

  it('duration: per-device expiry shown on GET, and the tag disappears once the clock passes it', async () => {
    await postTag([['did', 5], ['tag', 'Active Threat'], ['duration', 3600]]);
    const tag = (await em.get('/tags/entities?did=5')).find((t: any) => t.name === 'Active Threat');
    expect(tag.expiry).toBe(NOW + 3_600_000);
    clock = NOW + 3_600_001;
    const date = new Date(clock).toISOString();
    const later = (await em.call('/tags/entities?did=5', { date })).json();
    expect(later.map((t: any) => t.name)).not.toContain('Active Threat');
  });

  it('a scoped tag replaces the other tag of its scope on that device', async () => {
    await postTag([['did', 6], ['tag', 'Location::London']]);
    await postTag([['did', 6], ['tag', 'Location::Paris']]);
    const names = await tagNames(6);
    expect(names).toContain('Location::Paris');
    expect(names).not.toContain('Location::London');
  });

  it('POST is form-only: a JSON body is not read (did/tag missing → INPUT ERROR)', async () => {
    const res = await em.call('/tags/entities', { body: JSON.stringify({ did: 2, tag: 'Admin' }) });
    expect(res.status).toBe(400);
    expect(res.json().response).toBe('INPUT ERROR');
  });

  it('an unencoded form body (did=1&tag=My Tag, as SPLUNK sends) works', async () => {
    expect((await em.call('/tags/entities', { body: 'did=2&tag=My Tag', contentType: FORM })).status).toBe(200);
    expect(await tagNames(2)).toContain('My Tag');
  });

  it('bad input: INPUT ERROR', async () => {
    expect((await postTag([['tag', 'Admin']])).status).toBe(400);
    expect((await postTag([['did', 2]])).status).toBe(400);
    expect((await postTag([['did', 424242], ['tag', 'Admin']])).status).toBe(400);
    expect((await postTag([['did', 2], ['tag', 'Admin'], ['duration', '1h']])).status).toBe(400);
    expect((await em.call('/tags/entities?did=2', { method: 'DELETE' })).status).toBe(400);
    expect((await em.call('/tags/entities?did=2&tag=NoSuchTag', { method: 'DELETE' })).status).toBe(400);
    expect((await em.call('/tags/entities')).status).toBe(400);
  });

  it('booleans are checked on every branch: fulldevicedetails=yes is an INPUT ERROR with did too', async () => {
    for (const target of ['/tags/entities?did=1&fulldevicedetails=yes', '/tags/entities?tag=Admin&fulldevicedetails=True']) {
      const res = await em.call(target);
      expect(res.status, target).toBe(400);
      expect(res.json(), target).toEqual({ error: 'Invalid value for fulldevicedetails: expected true or false', response: 'INPUT ERROR' });
    }
  });

  it('tagPostResponse: \'success\' answers {"response":"SUCCESS"} (the API guide\'s shape) and still applies the tag', async () => {
    const guide = await start({ now: () => clock, tagPostResponse: 'success' });
    try {
      const res = await guide.call('/tags/entities', { body: formBody([['did', 2], ['tag', 'Admin']]), contentType: FORM });
      expect(res.status).toBe(200);
      expect(res.text).toBe('{"response":"SUCCESS"}');
      expect((await guide.get('/tags/entities?did=2')).map((t: any) => [t.tid, t.name])).toContainEqual([9, 'Admin']);
    } finally {
      await guide.close();
    }
    // The default stays the captured shape.
    expect((await postTag([['did', 2], ['tag', 'Admin']])).text).toBe('{"tid":9}');
  });

  it('the tag name is used verbatim: surrounding spaces are not trimmed onto an existing tag', async () => {
    const padded = await postTag([['did', 2], ['tag', ' Admin ']]);
    expect(padded.status).toBe(200);
    expect(padded.json().tid).not.toBe(9);
    const names = await tagNames(2);
    expect(names).toContain(' Admin ');
    expect(names).not.toContain('Admin');
    expect((await postTag([['did', 2], ['tag', '   ']])).json()).toEqual({ error: 'Missing required parameter: tag', response: 'INPUT ERROR' });
  });

  it('unknown tag: no entities', async () => {
    expect(await em.get('/tags/entities?tag=Nope')).toEqual([]);
    expect(await em.get('/tags/entities?tag=Nope&fulldevicedetails=true')).toEqual({ entities: [], devices: [] });
  });
});

describe('intelfeed (watched list)', () => {
  it('addlist (comma and newline) answers added/updated counts and shows up in GET', async () => {
    const res = await postIntel({ addlist: 'a.example,b.example\n8.8.8.8', description: 'from test' });
    expect(res.json()).toEqual({ added: 3, response: 'SUCCESS', updated: 0 });
    const names = await em.get('/intelfeed');
    expect(names).toEqual(expect.arrayContaining(['a.example', 'b.example', '8.8.8.8', 'example1.com']));
    const again = await postIntel({ addlist: 'a.example,c.example' });
    expect(again.json()).toEqual({ added: 1, response: 'SUCCESS', updated: 1 });
  });

  it('fulldetails, source filter and sources=true', async () => {
    await postIntel({ addentry: 'x.example', source: 'MySOAR', description: 'watched', expiry: '2024-02-01T00:00:00' });
    const details = await em.get('/intelfeed?fulldetails=true&source=MySOAR');
    expect(details).toEqual([{ name: 'x.example', description: 'watched', expiry: '2024-02-01T00:00:00', strength: 100, iagn: false }]);
    expect(await em.get('/intelfeed?sources=true')).toEqual(['default', 'ThreatFeed', 'MySOAR']);
  });

  it('form bodies work too', async () => {
    const res = await postIntel('addentry=form.example&description=via+form', 'application/x-www-form-urlencoded');
    expect(res.json()).toMatchObject({ added: 1 });
    expect((await em.get('/intelfeed?fulldetails=true')).find((e: any) => e.name === 'form.example').description).toBe('via form');
  });

  it('removeentry and removeall', async () => {
    await postIntel({ addentry: 'gone.example' });
    expect((await postIntel({ removeentry: 'gone.example' })).json().response).toBe('SUCCESS');
    expect(await em.get('/intelfeed')).not.toContain('gone.example');
    await postIntel({ removeall: true });
    expect(await em.get('/intelfeed')).toEqual([]);
  });

  it('expired entries disappear', async () => {
    await postIntel({ addentry: 'brief.example', expiry: '2024-01-15 13:00:00' });
    expect(await em.get('/intelfeed')).toContain('brief.example');
    clock = Date.UTC(2024, 0, 15, 13, 0, 1);
    const later = await em.call('/intelfeed', { date: new Date(clock).toISOString() });
    expect(later.json()).not.toContain('brief.example');
  });

  it('description of 256+ characters or with quotes, nothing to do, bad expiry: 400 INPUT ERROR', async () => {
    for (const body of [
      { addentry: 'd.example', description: 'x'.repeat(256) },
      { addentry: 'd.example', description: 'say "hi"' },
      { description: 'no action' },
      { addentry: 'd.example', expiry: 'next week' },
      { addentry: 'has space.example' },
    ]) {
      const res = await postIntel(body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json().response).toBe('INPUT ERROR');
    }
    expect((await postIntel({ addentry: 'd.example', description: 'x'.repeat(255) })).status).toBe(200);
  });

  it('removeentry of a name held by several sources needs source', async () => {
    await postIntel({ addentry: 'dup.example', source: 'A' });
    await postIntel({ addentry: 'dup.example', source: 'B' });
    expect((await postIntel({ removeentry: 'dup.example' })).status).toBe(400);
    expect((await postIntel({ removeentry: 'dup.example', source: 'A' })).status).toBe(200);
    expect(await em.get('/intelfeed?source=B')).toEqual(['dup.example']);
  });
});
