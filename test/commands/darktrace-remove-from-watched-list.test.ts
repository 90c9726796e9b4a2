import { describe, expect, it } from 'vitest';
import command, { partialFailure, requestBody, toOutputs, toReadable } from '../../commands/darktrace-remove-from-watched-list.js';
import { DarktraceError } from '../../src/darktrace/errors.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const upstream = (status: number) =>
  new DarktraceError('UPSTREAM_STATUS', `Darktrace returned HTTP ${status} for POST /intelfeed.`, { method: 'POST', path: '/intelfeed', upstreamStatus: status });

describe('transform', () => {
  it('request body per entry; source only when given', () => {
    expect(requestBody('8.8.8.8')).toEqual({ removeentry: '8.8.8.8' });
    expect(JSON.stringify(requestBody('8.8.8.8', 'TI'))).toBe('{"removeentry":"8.8.8.8","source":"TI"}');
  });
  it('one Darktrace.Endpoint row per removed entry, Watched false', () => {
    expect(toOutputs(['a', 'b'])).toEqual([{ endpoint: 'a', Watched: false }, { endpoint: 'b', Watched: false }]);
    expect(toOutputs(['a'], 'TI')).toEqual([{ endpoint: 'a', Watched: false, source: 'TI' }]);
  });
  it('readable', () => {
    expect(toReadable(toOutputs(['a', 'b']))).toBe('### Removed 2 endpoints from the Darktrace watched list\n|Endpoint|\n|---|\n| a |\n| b |\n');
  });
});

describe('partial failure', () => {
  it('names what was removed and what was not, keeping the upstream error code and status', () => {
    const e = partialFailure(['a'], [{ endpoint: 'b', error: upstream(502) }], 2);
    expect(e).toBeInstanceOf(DarktraceError);
    expect((e as DarktraceError).upstreamStatus).toBe(502);
    expect(e.message).toBe(
      'Removed 1 of 2 entries from the Darktrace watched list: a. Not removed: b (Darktrace returned HTTP 502 for POST /intelfeed).',
    );
  });
  it('all failed', () => {
    expect(partialFailure([], [{ endpoint: 'a', error: upstream(500) }, { endpoint: 'b', error: upstream(502) }], 2).message).toBe(
      'Removed none of the 2 entries from the Darktrace watched list. Not removed: a (Darktrace returned HTTP 500 for POST /intelfeed); b (Darktrace returned HTTP 502 for POST /intelfeed).',
    );
  });
  it('a single entry keeps the original error', () => {
    const only = upstream(503);
    expect(partialFailure([], [{ endpoint: 'a', error: only }], 1)).toBe(only);
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('endpointsToRemove as CSV / JSON array; required', () => {
    expect(registry.parseArgs(command, { endpointsToRemove: 'a,b', source: 'TI' })).toEqual({ ok: true, args: { endpointsToRemove: ['a', 'b'], source: 'TI' } });
    expect(registry.parseArgs(command, { endpointsToRemove: '["a"]' })).toEqual({ ok: true, args: { endpointsToRemove: ['a'], source: undefined } });
    expect(registry.parseArgs(command, {})).toEqual({ ok: false, errors: [{ path: 'endpointsToRemove', message: 'endpointsToRemove: is required' }] });
  });
  it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const names = async () => (await e2e.h.call('darktrace-get-watched-list', {})).body.results[0].outputs.map((r: { name: string }) => r.name);

  it('one POST /intelfeed {removeentry} per entry; rows Watched false', async () => {
    const result = await e2e.result({ endpointsToRemove: 'example1.com, 1.2.3.4' });
    expect(e2e.received()).toEqual([
      { method: 'POST', path: '/intelfeed', query: '', body: '{"removeentry":"example1.com"}' },
      { method: 'POST', path: '/intelfeed', query: '', body: '{"removeentry":"1.2.3.4"}' },
    ]);
    expect(e2e.requests().map((r) => r.headers['content-type'])).toEqual(['application/json', 'application/json']);
    expect(result.outputs).toEqual([{ endpoint: 'example1.com', Watched: false }, { endpoint: '1.2.3.4', Watched: false }]);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.Endpoint(val.endpoint && val.endpoint == obj.endpoint)': result.outputs });
    expect(result.readableOutput).toBe('### Removed 2 endpoints from the Darktrace watched list\n|Endpoint|\n|---|\n| example1.com |\n| 1.2.3.4 |\n');
    expect(await names()).not.toContain('example1.com');
  });

  it('with source: {removeentry, source}', async () => {
    const res = await e2e.run({ endpointsToRemove: '["c2.example.org"]', source: 'ThreatFeed' });
    expect(res.status).toBe(200);
    expect(e2e.received()).toEqual([{ method: 'POST', path: '/intelfeed', query: '', body: '{"removeentry":"c2.example.org","source":"ThreatFeed"}' }]);
    expect(res.body.results[0].outputs).toEqual([{ endpoint: 'c2.example.org', Watched: false, source: 'ThreatFeed' }]);
  });

  it('partial failure: the error names the entries removed and those not removed', async () => {
    for (const source of ['A', 'B']) {
      expect((await e2e.h.call('darktrace-post-to-watched-list', { endpointsToWatch: 'dup.example', source }, { scope: 'write' })).status).toBe(200);
    }
    const res = await e2e.run({ endpointsToRemove: 'login.phish.example,dup.example' });
    // Darktrace refused dup.example as input ("give source"): the caller's to fix, a 400 (issue 8, finding 6).
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', retryable: false });
    expect(res.body.detail).toBe(
      'Removed 1 of 2 entries from the Darktrace watched list: login.phish.example. Not removed: dup.example (Darktrace returned HTTP 400 for POST /intelfeed: dup.example is in several sources; give source).',
    );
    const left = await names();
    expect(left).not.toContain('login.phish.example');
    expect(left).toContain('dup.example');
  });

  it('a single entry that fails: the original error, checked with a read of the list (still there: safe to retry)', async () => {
    e2e.h.emulator.faults.inject({ kind: 'status', status: 503, method: 'POST', match: '/intelfeed' });
    const res = await e2e.run({ endpointsToRemove: 'bad-actor.example.net' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'UPSTREAM_ERROR', retryable: true });
    expect(res.body.detail).toBe('Darktrace returned HTTP 503 for POST /intelfeed: Service Unavailable. A read of the watched list shows bad-actor.example.net still on it: nothing was changed, so it is safe to retry.');
  });

  it('bad arguments: a 400 naming each; needs the write scope', async () => {
    const bad = await e2e.run({ endpointsToRemove: 'a b', source: 'x'.repeat(64) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['endpointsToRemove', 'source']);
    expect((await e2e.run({ endpointsToRemove: 'a' }, { scope: 'read' })).status).toBe(403);
  });
});
