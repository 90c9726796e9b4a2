import { describe, expect, it } from 'vitest';
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-watched-list.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';

// GET /intelfeed?fulldetails=true, shaped as the API guide documents it (reference §2.2.11).
const sample = [
  { name: 'example1.com', description: 'C2 domain', expiry: '2030-12-31T12:00:00', strength: 100, iagn: false },
  { name: '1.2.3.4', description: '', strength: 50, iagn: true },
];

describe('transform', () => {
  it('one Darktrace.WatchedList row per entry; absent expiry is left out', () => {
    expect(toOutputs(sample)).toEqual([
      { name: 'example1.com', description: 'C2 domain', expiry: '2030-12-31T12:00:00', strength: 100 },
      { name: '1.2.3.4', description: '', strength: 50 },
    ]);
  });
  it('source: from the entry when the appliance says, else the filter used', () => {
    expect(toOutputs([{ name: 'a', source: 'TI' }, { name: 'b' }], 'Mine')).toEqual([
      { name: 'a', source: 'TI' }, { name: 'b', source: 'Mine' },
    ]);
  });
  it('plain names (an appliance that ignores fulldetails) do not crash', () => {
    expect(toOutputs(['x.example', { name: 'y', description: null, expiry: null, strength: null }])).toEqual([{ name: 'x.example' }, { name: 'y' }]);
  });
});

describe('readable', () => {
  it('titles with the count (and source when filtered)', () => {
    expect(toReadable(toOutputs(sample))).toBe(
      '### Darktrace watched list: 2 entries\n' +
        '|Name|Description|Expiry|Strength|\n|---|---|---|---|\n' +
        '| example1.com | C2 domain | 2030-12-31T12:00:00 | 100 |\n' +
        '| 1.2.3.4 |  | never | 50 |\n',
    );
    expect(toReadable(toOutputs([{ name: 'a' }], 'TI'), 'TI')).toBe(
      '### Darktrace watched list (source TI): 1 entry\n|Name|Description|Expiry|Strength|Source|\n|---|---|---|---|---|\n| a |  | never |  | TI |\n',
    );
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('source optional, at most 63 characters', () => {
    expect(registry.parseArgs(command, {})).toEqual({ ok: true, args: { source: undefined } });
    expect(registry.parseArgs(command, { source: 'x'.repeat(64) })).toEqual({
      ok: false, errors: [{ path: 'source', message: 'source: must be at most 63 characters (got 64)' }],
    });
  });
  it('is read-only', () => expect(command.access).toBe('read'));
});

describeCommandE2E(command, (e2e) => {
  it('GET /intelfeed?fulldetails=true; rows keyed by name', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/intelfeed', query: 'fulldetails=true', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.WatchedList');
    expect(result.outputsKeyField).toBe('name');
    expect(result.outputs).toContainEqual({ name: 'example1.com', description: 'Seeded watched domain', strength: 100 });
    expect(result.outputs).toContainEqual({
      name: 'bad-actor.example.net', description: 'From the threat feed', strength: 80, expiry: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/),
    });
    expect(result.outputs).toHaveLength(5);
    expect(Object.keys(result.entry.EntryContext)).toEqual(['Darktrace.WatchedList(val.name && val.name == obj.name)']);
    expect(result.readableOutput).toMatch(/^### Darktrace watched list: 5 entries\n\|Name\|Description\|Expiry\|Strength\|\n/);
    expect(result.readableOutput).toContain('| example1.com | Seeded watched domain | never | 100 |');
  });

  it('source filter is sent as source= and recorded on each row', async () => {
    const res = await e2e.run({ source: 'ThreatFeed' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/intelfeed', query: 'fulldetails=true&source=ThreatFeed', body: '' }]);
    expect(res.body.results[0].outputs.map((r: { name: string; source: string }) => [r.name, r.source]))
      .toEqual([['bad-actor.example.net', 'ThreatFeed'], ['c2.example.org', 'ThreatFeed']]);
    expect(res.body.results[0].readableOutput).toMatch(/^### Darktrace watched list \(source ThreatFeed\): 2 entries\n/);
  });

  it('an empty source: success, a clear line, no context', async () => {
    const res = await e2e.run({ source: 'Nobody' });
    expect(res.status).toBe(200);
    expect(res.body.results[0].readableOutput).toBe('### The Darktrace watched list has no entries for source Nobody');
    expect(res.body.results[0].entry.EntryContext).toEqual({});
  });

  it('an unknown argument is a 400 naming it', async () => {
    const res = await e2e.run({ sources: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('sources');
  });
});
