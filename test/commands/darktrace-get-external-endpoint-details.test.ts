import { describe, expect, it } from 'vitest';
import fixture from '../../src/emulator/fixtures/endpoint_details.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-external-endpoint-details.js';
import { Registry, type CommandResult } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { json, useFakeDarktrace } from '../helpers/fake-darktrace.js';

const NAME = 'darktrace-get-external-endpoint-details';

describe('transform (fixture endpoint_details.json)', () => {
  it('keeps the facts of the official pack, firsttime as ISO, plus the two key fields first', () => {
    const out = toOutputs('hostname', 'test.com', fixture);
    // The pack's formatted_endpoint_details.json: the response with firsttime 1596775643000 → ISO.
    expect(out).toEqual({
      endpointType: 'hostname',
      endpointValue: 'test.com',
      hostname: 'test.com',
      firsttime: '2020-08-07T04:47:23.000Z',
      devices: [],
      ips: [],
      locations: [],
      popularity: 0,
      dgascore: 0,
    });
    expect(Object.keys(out!).slice(0, 2)).toEqual(['endpointType', 'endpointValue']);
  });

  it('converts the devices firstSeen/lastSeen to ISO and keeps the other device fields', () => {
    const out = toOutputs('IP', '8.8.8.8', {
      ip: '8.8.8.8', firsttime: 1596758800000, country: 'US',
      devices: [{ did: 2, hostname: 'ws-2', ip: '10.0.0.2', firstSeen: 1596758800000, lastSeen: 1599807334000, typelabel: 'Desktop' }],
    });
    expect(out?.devices).toEqual([
      { did: 2, hostname: 'ws-2', ip: '10.0.0.2', firstSeen: '2020-08-07T00:06:40.000Z', lastSeen: '2020-09-11T06:55:34.000Z', typelabel: 'Desktop' },
    ]);
    expect(out?.firsttime).toBe('2020-08-07T00:06:40.000Z');
  });

  it('converts firsttime inside lists (ips) too', () => {
    const out = toOutputs('hostname', 'cheese.com', { hostname: 'cheese.com', ips: [{ ip: '203.0.113.18', firsttime: 1667072910000 }, '198.51.100.1'] });
    expect(out?.ips).toEqual([{ ip: '203.0.113.18', firsttime: '2022-10-29T19:48:30.000Z' }, '198.51.100.1']);
    expect(toReadable(out!)).toContain('### ips of cheese.com\n|firsttime|ip|\n|---|---|\n| 2022-10-29T19:48:30.000Z | 203.0.113.18 |\n');
  });

  it('does not crash on absent optional fields (no firsttime, devices without times)', () => {
    const out = toOutputs('IP', '1.2.3.4', { ip: '1.2.3.4', devices: [{ did: 5 }] });
    expect(out).toEqual({ endpointType: 'IP', endpointValue: '1.2.3.4', ip: '1.2.3.4', devices: [{ did: 5, firstSeen: undefined, lastSeen: undefined }] });
    expect('firsttime' in out!).toBe(false);
    expect(() => toReadable(out!)).not.toThrow();
  });

  it('an empty response is "nothing found"', () => {
    expect(toOutputs('hostname', 'nothing.example', {})).toBeUndefined();
  });
});

describe('readable', () => {
  it('titles by type, shows scalars only, and a devices table with curated columns', () => {
    const md = toReadable(toOutputs('hostname', 'test.com', fixture)!);
    expect(md).toBe(
      '### Hostname: test.com details\n' +
        '|hostname|firsttime|popularity|dgascore|\n' +
        '|---|---|---|---|\n' +
        '| test.com | 2020-08-07T04:47:23.000Z | 0 | 0 |\n' +
        '\n### Devices that contacted test.com\n**No entries.**\n',
    );
  });

  it('IP title keeps "IP" (the pack wrote "Ip"), lists devices and other non-empty lists', () => {
    const md = toReadable(toOutputs('IP', '8.8.8.8', {
      ip: '8.8.8.8', country: 'US', asn: 'AS15169 Google LLC', longitude: -97.8, latitude: 37.7,
      devices: [{ did: 2, hostname: 'ws-2', ip: '10.0.0.2', firstSeen: 1596758800000, lastSeen: 1599807334000, sid: 4, typelabel: 'Desktop' }],
      locations: [{ country: 'US', city: 'Mountain View' }],
    })!);
    expect(md).toContain('### IP: 8.8.8.8 details\n|ip|country|asn|longitude|latitude|\n');
    expect(md).toContain(
      '### Devices that contacted 8.8.8.8\n|did|hostname|ip|typelabel|firstSeen|lastSeen|\n|---|---|---|---|---|---|\n' +
        '| 2 | ws-2 | 10.0.0.2 | Desktop | 2020-08-07T00:06:40.000Z | 2020-09-11T06:55:34.000Z |\n',
    );
    expect(md).toContain('### locations of 8.8.8.8\n|city|country|\n|---|---|\n| Mountain View | US |\n');
    expect(md).not.toContain('sid');
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('accepts the official pack aliases and XSOAR strings', () => {
    const parsed = registry.parseArgs(NAME, { endpointType: 'IP', endpointValue: '8.8.8.8', additionalInfo: 'false', devices: 'no', score: 'yes' });
    expect(parsed).toEqual({ ok: true, args: { endpoint_type: 'IP', endpoint_value: '8.8.8.8', devices: false, additional_info: false, score: true } });
  });
  it('defaults the three booleans to true; endpoint type is case-insensitive', () => {
    expect(registry.parseArgs(NAME, { endpoint_type: 'ip', endpoint_value: '8.8.8.8' })).toEqual({
      ok: true, args: { endpoint_type: 'IP', endpoint_value: '8.8.8.8', devices: true, additional_info: true, score: true },
    });
  });
  it('names every bad argument', () => {
    const parsed = registry.parseArgs(NAME, { endpoint_type: 'url', devices: 'maybe' });
    expect(parsed.ok).toBe(false);
    const paths = parsed.ok ? [] : parsed.errors.map((e) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['endpoint_type', 'endpoint_value', 'devices']));
  });
});

describeCommandE2E(command, (e2e) => {

  it('hostname test.com: exact request, outputs, DT key and readable', async () => {
    const result = await e2e.result({ endpoint_type: 'hostname', endpoint_value: 'test.com' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/endpointdetails', query: 'hostname=test.com&additionalinfo=true&devices=true&score=true', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.ExternalEndpointDetails');
    expect(result.outputsKeyField).toEqual(['endpointType', 'endpointValue']);
    expect(result.outputs).toMatchObject({ endpointType: 'hostname', endpointValue: 'test.com', hostname: 'test.com', firsttime: '2020-08-07T04:47:23.000Z' });
    const key = 'Darktrace.ExternalEndpointDetails(val.endpointType && val.endpointType == obj.endpointType && val.endpointValue && val.endpointValue == obj.endpointValue)';
    expect(Object.keys(result.entry.EntryContext)).toEqual([key]);
    expect(result.readableOutput).toMatch(/^### Hostname: test\.com details\n/);
  });

  it('IP lookups send lowercase ip= (never IP=) and the pack aliases work', async () => {
    const result = await e2e.result({ endpointType: 'IP', endpointValue: '8.8.8.8', additionalInfo: 'false', devices: 'false', score: 'false' });
    const [sent] = e2e.received();
    expect(sent).toEqual({ method: 'GET', path: '/endpointdetails', query: 'ip=8.8.8.8&additionalinfo=false&devices=false&score=false', body: '' });
    expect(sent.query).not.toMatch(/(^|&)IP=/);
    expect(result.outputs).toMatchObject({ endpointType: 'IP', endpointValue: '8.8.8.8', ip: '8.8.8.8' });
    expect(result.outputs.firsttime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    expect(result.readableOutput).toMatch(/^### IP: 8\.8\.8\.8 details\n/);
    expect(result.outputs).not.toHaveProperty('devices'); // devices=false
    expect(result.readableOutput).not.toContain('Devices that contacted');
  });

  it('an endpoint Darktrace never saw: success, clear line, no context', async () => {
    const result = await e2e.result({ endpoint_type: 'hostname', endpoint_value: 'never-seen.example' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/endpointdetails', query: 'hostname=never-seen.example&additionalinfo=true&devices=true&score=true', body: '' }]);
    expect(result.outputs).toBeNull();
    expect(result.readableOutput).toBe('### Did not get any details for hostname:never-seen.example');
    expect(result.entry.EntryContext).toEqual({});
  });

  it('bad arguments are a 400 naming each argument, and nothing is sent to Darktrace', async () => {
    const res = await e2e.run({ endpoint_type: 'domain', score: 'perhaps' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['endpoint_type', 'endpoint_value', 'score']));
    expect(e2e.received()).toEqual([]);
  });
});

describe('run with answers the emulator does not give', () => {
  const dt = useFakeDarktrace();

  it('devices with null did, hostname or ip are tolerated, not an invalid response', async () => {
    dt.script(json(200, { ip: '8.8.8.8', devices: [{ did: null, hostname: null, ip: null, firstSeen: 1596758800000 }, { did: 3, hostname: 'ws-3' }] }));
    const result = await command.run({ endpoint_type: 'IP', endpoint_value: '8.8.8.8', devices: true, additional_info: true, score: true }, dt.ctx) as CommandResult;
    expect((result.outputs as { devices: unknown[] }).devices).toEqual([
      { did: null, hostname: null, ip: null, firstSeen: '2020-08-07T00:06:40.000Z', lastSeen: undefined },
      { did: 3, hostname: 'ws-3', firstSeen: undefined, lastSeen: undefined },
    ]);
    expect(result.readableOutput).toContain('### Devices that contacted 8.8.8.8\n|did|hostname|firstSeen|\n|---|---|---|\n|  |  | 2020-08-07T00:06:40.000Z |\n| 3 | ws-3 |  |\n');
  });
});
