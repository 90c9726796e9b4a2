import { describe, expect, it } from 'vitest';
import command, { normaliseExpiry, requestBody, toOutputs, toReadable } from '../../commands/darktrace-post-to-watched-list.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';

// Shared fixture watched_list_post.json (POST /intelfeed {"addlist": "8.8.8.8", "description": "…"}), inlined.
const fixture = { added: 0, response: 'SUCCESS', updated: 0 };

describe('request body', () => {
  it('comma-joins the endpoints and omits what was not given (never description "None")', () => {
    expect(requestBody(['8.8.8.8'], {})).toEqual({ addlist: '8.8.8.8' });
    expect(JSON.stringify(requestBody(['8.8.8.8', 'evil.example'], { description: 'd', source: 's', expiry: '2030-01-01T00:00:00' })))
      .toBe('{"addlist":"8.8.8.8,evil.example","description":"d","source":"s","expiry":"2030-01-01T00:00:00"}');
  });
});

describe('transform (fixture watched_list_post.json)', () => {
  it('one Darktrace.Endpoint row per endpoint, Watched true, with the counts of the pack\'s output', () => {
    expect(toOutputs(['8.8.8.8'], { description: 'Add the ip to watched domain list' }, fixture)).toEqual([
      { endpoint: '8.8.8.8', Watched: true, description: 'Add the ip to watched domain list', added: 0, updated: 0, response: 'SUCCESS' },
    ]);
    expect(toOutputs(['a.example', 'b.example'], {}, {})).toEqual([
      { endpoint: 'a.example', Watched: true },
      { endpoint: 'b.example', Watched: true },
    ]);
  });
});

describe('readable', () => {
  it('says what was added (not the pack\'s "POST TAG to Device Response")', () => {
    expect(toReadable(toOutputs(['8.8.8.8'], { description: 'Add the ip to watched domain list' }, fixture), fixture)).toBe(
      '### Added 1 endpoint to the Darktrace watched list\n' +
        'Darktrace answered SUCCESS (0 added, 0 updated).\n' +
        '|Endpoint|Description|\n|---|---|\n| 8.8.8.8 | Add the ip to watched domain list |\n',
    );
    expect(toReadable(toOutputs(['a', 'b'], {}, {}), {})).toBe(
      '### Added 2 endpoints to the Darktrace watched list\nDarktrace answered OK.\n|Endpoint|\n|---|\n| a |\n| b |\n',
    );
  });
});

describe('expiry', () => {
  it.each([
    ['2030-12-31', '2030-12-31T00:00:00'],
    ['2030-12-31 23:59', '2030-12-31T23:59:00'],
    ['2030-12-31T23:59:59', '2030-12-31T23:59:59'],
    ['2030-12-31T23:59:59.500Z', '2030-12-31T23:59:59'],
    ['2030-12-31T23:59:59+02:00', '2030-12-31T21:59:59'],
    ['2030-01-01T01:00:00-0130', '2030-01-01T02:30:00'],
  ])('%s → %s (UTC)', (input, expected) => expect(normaliseExpiry(input)).toBe(expected));
  it.each(['tomorrow', '2030-02-30', '2030-13-01', '2030-01-01T24:00:00', '31/12/2030', '1700000000000'])('rejects %s', (input) =>
    expect(normaliseExpiry(input)).toBeUndefined());
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('endpointsToWatch as CSV or JSON array; optional fields stay undefined', () => {
    expect(registry.parseArgs(command, { endpointsToWatch: '8.8.8.8, evil.example' })).toEqual({
      ok: true, args: { endpointsToWatch: ['8.8.8.8', 'evil.example'], description: undefined, source: undefined, expiry: undefined },
    });
    expect(registry.parseArgs(command, { endpointsToWatch: '["8.8.8.8","evil.example"]' })).toMatchObject({
      ok: true, args: { endpointsToWatch: ['8.8.8.8', 'evil.example'] },
    });
  });
  it('every bad argument is named: description over 255, quotes, bad endpoints, bad expiry, missing list', () => {
    const r = registry.parseArgs(command, {
      endpointsToWatch: ['ok.example', 'two words'], description: 'x'.repeat(256), expiry: 'soon', source: 's'.repeat(64),
    });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toEqual([
        { path: 'endpointsToWatch', message: 'endpointsToWatch: endpoints must be single IPs or hostnames without spaces, commas, quotes or angle brackets, at most 253 characters (got "two words")' },
        { path: 'description', message: 'description: must be at most 255 characters (got 256)' },
        { path: 'source', message: 'source: must be at most 63 characters (got 64)' },
        { path: 'expiry', message: 'expiry: must be a date-time like 2025-12-31T23:59:59 (got "soon")' },
      ]);
    }
    const q = registry.parseArgs(command, { endpointsToWatch: 'a', description: 'say "hi"' });
    expect(q).toEqual({ ok: false, errors: [{ path: 'description', message: 'description: must not contain double quotes' }] });
    expect(registry.parseArgs(command, { endpointsToWatch: ' , ' })).toEqual({
      ok: false, errors: [{ path: 'endpointsToWatch', message: 'endpointsToWatch: is required' }],
    });
    expect(registry.parseArgs(command, { endpointsToWatch: 'a', description: 'x'.repeat(255) }).ok).toBe(true);
  });
  it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
});

describe('run with answers the emulator does not give', () => {
  const dt = useFakeDarktrace();
  const args = { endpointsToWatch: ['a.example', 'a.example', 'b.example'], description: undefined, source: undefined, expiry: undefined };

  it('duplicates are sent once', async () => {
    dt.script(json(200, { response: 'SUCCESS', added: 2, updated: 0 }));
    await command.run(args, dt.ctx);
    expect(dt.received()).toEqual([{ method: 'POST', path: '/intelfeed', query: '', body: '{"addlist":"a.example,b.example"}' }]);
  });
  it('an answer other than SUCCESS is a clear error', async () => {
    dt.script(json(200, { response: 'INPUT ERROR' }));
    await expect(command.run(args, dt.ctx)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      message: 'Darktrace did not confirm adding a.example, b.example to the watched list: it answered {"response":"INPUT ERROR"}.',
    });
  });
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  it('fixture call: JSON {addlist, description} and no description "None" when absent', async () => {
    const result = await e2e.result({ endpointsToWatch: '8.8.8.8' });
    expect(e2e.received()).toEqual([{ method: 'POST', path: '/intelfeed', query: '', body: '{"addlist":"8.8.8.8"}' }]);
    expect(e2e.requests()[0].headers['content-type']).toBe('application/json');
    expect(result.outputs).toEqual([{ endpoint: '8.8.8.8', Watched: true, added: 1, updated: 0, response: 'SUCCESS' }]);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.Endpoint(val.endpoint && val.endpoint == obj.endpoint)': result.outputs });
    expect(result.readableOutput).toBe(
      '### Added 1 endpoint to the Darktrace watched list\nDarktrace answered SUCCESS (1 added, 0 updated).\n|Endpoint|\n|---|\n| 8.8.8.8 |\n',
    );
    expect(result.rawResponse).toEqual({ added: 1, response: 'SUCCESS', updated: 0 });
  });

  it('several endpoints (JSON array) with description, source and expiry: one row each', async () => {
    const res = await e2e.run({
      endpointsToWatch: '["evil.example","203.0.113.99"]', description: 'Containment for INC-42', source: 'SOAR', expiry: '2099-12-31T23:59:59Z',
    });
    expect(res.status).toBe(200);
    expect(e2e.received()).toEqual([{
      method: 'POST', path: '/intelfeed', query: '',
      body: '{"addlist":"evil.example,203.0.113.99","description":"Containment for INC-42","source":"SOAR","expiry":"2099-12-31T23:59:59"}',
    }]);
    const common = { Watched: true, description: 'Containment for INC-42', source: 'SOAR', expiry: '2099-12-31T23:59:59', added: 2, updated: 0, response: 'SUCCESS' };
    expect(res.body.results[0].outputs).toEqual([{ endpoint: 'evil.example', ...common }, { endpoint: '203.0.113.99', ...common }]);
  });

  it('stateful: an added entry is returned by get-watched-list and removable', async () => {
    await e2e.run({ endpointsToWatch: 'stateful.example', description: 'round trip', source: 'RoundTrip' });
    const listed = await e2e.h.call('darktrace-get-watched-list', { source: 'RoundTrip' });
    expect(listed.status).toBe(200);
    expect(listed.body.results[0].outputs).toEqual([{ name: 'stateful.example', description: 'round trip', strength: 100, source: 'RoundTrip' }]);

    const removed = await e2e.h.call('darktrace-remove-from-watched-list', { endpointsToRemove: 'stateful.example', source: 'RoundTrip' }, { scope: 'write' });
    expect(removed.status).toBe(200);
    expect(removed.body.results[0].outputs).toEqual([{ endpoint: 'stateful.example', Watched: false, source: 'RoundTrip' }]);

    const after = await e2e.h.call('darktrace-get-watched-list', { source: 'RoundTrip' });
    expect(after.body.results[0].readableOutput).toBe('### The Darktrace watched list has no entries for source RoundTrip');
    expect(after.body.results[0].entry.EntryContext).toEqual({});
  });

  it('a description of 256 characters is a 400 naming it; nothing is sent', async () => {
    const res = await e2e.run({ endpointsToWatch: '8.8.8.8', description: 'x'.repeat(256) });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors).toEqual([{ path: 'description', message: 'description: must be at most 255 characters (got 256)' }]);
    expect(e2e.received()).toEqual([]);
  });

  it('every bad argument is listed', async () => {
    const res = await e2e.run({ description: 'a "quoted" text', expiry: '2030-02-30', source: 's'.repeat(64) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['endpointsToWatch', 'description', 'source', 'expiry']);
  });

  it('needs the write scope', async () => {
    expect((await e2e.run({ endpointsToWatch: '8.8.8.8' }, { scope: 'read' })).status).toBe(403);
  });
});
