import { describe, expect, it } from 'vitest';
import fixture from '../../src/emulator/fixtures/tagged_devices.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-tagged-devices.js';
import { TaggedEntities as Response } from '../../src/darktrace/resources/tags.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const parsed = Response.parse(fixture);
const CREDENTIAL = 'ec2amaz-44comhv\\administrator'; // device 2540's credential, tagged Active Threat by the emulator
const credentialTable = `### 1 credential tagged Active Threat\n|Credential|\n|---|\n| ${CREDENTIAL} |\n`;

describe('transform (fixture tagged_devices.json)', () => {
  it('keeps every Device entity (7), joined with details for the 2 the appliance returned', () => {
    const out = toOutputs('Admin', parsed);
    expect(out.devices.map((d) => d.deviceId)).toEqual([2540, 48545, 999999999, 2520, 2528, 1, 24500]);
    expect(out.withoutDetails).toEqual([48545, 999999999, 2528, 1, 24500]);
    expect(out.credentials).toEqual([]);
  });

  it('has the same facts as the pack (formatted_tagged_devices.json) for the detailed devices, as names', () => {
    const out = toOutputs('Admin', parsed);
    // The pack: {deviceId 2520, hostname SaaS…, label "N/A", credentials "N/A", otherTags [Admin tag object]}
    expect(out.devices.find((d) => d.deviceId === 2520)).toEqual({
      deviceId: 2520, hostname: 'SaaS::Office365: Azure MFA StrongAuthenticationService', otherTags: [],
    });
    expect(out.devices.find((d) => d.deviceId === 2540)).toEqual({
      deviceId: 2540,
      hostname: 'EC2AMAZ-44COMHV',
      label: 'S1-Lap-Csens',
      credentials: ['ec2amaz-44comhv\\administrator'],
      otherTags: ['Critical Attack Path', 'cSensor', 'CVE Info', 'External DNS', 'Microsoft Windows', 'SentinelOne'],
    });
    // A device without details carries only its (numeric) id: no "N/A" strings in context.
    expect(out.devices.find((d) => d.deviceId === 1)).toEqual({ deviceId: 1 });
  });

  it('lists Credential entities separately instead of dropping them', () => {
    const out = toOutputs('Admin', Response.parse({
      entities: [
        { teid: 1, tid: 9, entityType: 'Credential', entityValue: 'alice@example.com', valid: true },
        { teid: 2, tid: 9, entityType: 'Device', entityValue: '7', valid: true },
        { teid: 3, tid: 9, entityType: 'Device', entityValue: '7', valid: true },
      ],
      devices: [],
    }));
    expect(out).toEqual({ devices: [{ deviceId: 7 }], withoutDetails: [7], credentials: ['alice@example.com'] });
  });

  it('accepts a plain entity array and an object without entities; keeps detailed devices with no entity', () => {
    expect(toOutputs('X', Response.parse([{ entityType: 'Device', entityValue: 3 }])).devices).toEqual([{ deviceId: 3 }]);
    expect(toOutputs('X', Response.parse({ devices: [{ did: 4, hostname: 'h', tags: [{ name: 'X' }, { name: 'Y' }] }] })).devices)
      .toEqual([{ deviceId: 4, hostname: 'h', otherTags: ['Y'] }]);
    expect(toOutputs('X', Response.parse({ entities: [], devices: [] }))).toEqual({ devices: [], withoutDetails: [], credentials: [] });
  });
});

describe('readable', () => {
  it('right title (not "Device Tag Response for device: <tag>"), names not objects, and says which lack details', () => {
    const md = toReadable('Admin', toOutputs('Admin', parsed));
    expect(md).toBe(
      '### 7 devices tagged Admin\n' +
        'Darktrace returned no details for 5 of them (devices 48545, 999999999, 2528, 1, 24500).\n' +
        '|Device ID|Hostname|Label|Credentials|Other tags|\n' +
        '|---|---|---|---|---|\n' +
        '| 2540 | EC2AMAZ-44COMHV | S1-Lap-Csens | ec2amaz-44comhv\\administrator | Critical Attack Path, cSensor, CVE Info, External DNS, Microsoft Windows, SentinelOne |\n' +
        '| 48545 |  |  |  |  |\n' +
        '| 999999999 |  |  |  |  |\n' +
        '| 2520 | SaaS::Office365: Azure MFA StrongAuthenticationService |  |  |  |\n' +
        '| 2528 |  |  |  |  |\n' +
        '| 1 |  |  |  |  |\n' +
        '| 24500 |  |  |  |  |\n',
    );
  });

  it('credentials get their own table', () => {
    const md = toReadable('VIP', { devices: [], withoutDetails: [], credentials: ['alice@example.com'] });
    expect(md).toBe('### 1 credential tagged VIP\n|Credential|\n|---|\n| alice@example.com |\n');
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('tagName is required', () => {
    expect(registry.parseArgs(command, { tagName: 'Admin' })).toEqual({ ok: true, args: { tagName: 'Admin' } });
    expect(registry.parseArgs(command, { tagName: '' })).toEqual({ ok: false, errors: [{ path: 'tagName', message: 'tagName: is required' }] });
  });
});

describeCommandE2E(command, (e2e) => {
  it('Admin: GET /tags/entities?tag=Admin&fulldevicedetails=true; every tagged device, details joined', async () => {
    const result = await e2e.result({ tagName: 'Admin' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/tags/entities', query: 'tag=Admin&fulldevicedetails=true', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.Device');
    expect(result.outputsKeyField).toBe('deviceId');
    const byId = new Map(result.outputs.map((d: { deviceId: number }) => [d.deviceId, d]));
    expect([...byId.keys()].sort((a, b) => (a as number) - (b as number))).toEqual([1, 2520, 2528, 2540, 24500, 48545, 999999999]);
    expect(byId.get(2540)).toEqual({
      deviceId: 2540, hostname: 'EC2AMAZ-44COMHV', label: 'S1-Lap-Csens', credentials: ['ec2amaz-44comhv\\administrator'],
      otherTags: ['Critical Attack Path', 'cSensor', 'CVE Info', 'External DNS', 'Microsoft Windows', 'SentinelOne'],
    });
    expect(byId.get(999999999)).toEqual({ deviceId: 999999999 }); // a did that no longer exists
    const key = 'Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId)';
    expect(result.entry.EntryContext).toEqual({ [key]: result.outputs });
    expect(result.readableOutput).toMatch(/^### 7 devices tagged Admin\nDarktrace returned no details for 4 of them \(devices 48545, 999999999, 2528, 24500\)\.\n/);
  });

  it('a tag with a space is sent encoded and signed (tag=Critical%20Attack%20Path)', async () => {
    const res = await e2e.run({ tagName: 'Critical Attack Path' });
    expect(res.status).toBe(200);
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/tags/entities', query: 'tag=Critical%20Attack%20Path&fulldevicedetails=true', body: '' }]);
    expect(res.body.results[0].outputs).toEqual([{
      deviceId: 2540, hostname: 'EC2AMAZ-44COMHV', label: 'S1-Lap-Csens', credentials: ['ec2amaz-44comhv\\administrator'],
      otherTags: ['Admin', 'cSensor', 'CVE Info', 'External DNS', 'Microsoft Windows', 'SentinelOne'],
    }]);
  });

  it('an unknown tag: success, a clear line, no context', async () => {
    const result = await e2e.result({ tagName: 'No Such Tag' });
    expect(result.readableOutput).toBe('### No devices have the tag No Such Tag');
    expect(result.entry.EntryContext).toEqual({});
  });

  it('missing tagName is a 400 naming it', async () => {
    const res = await e2e.run({});
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'tagName', message: 'tagName: is required' }]);
  });

  it('a Credential entity holding the tag is reported, not dropped: devices go to context, the credential gets its own table', async () => {
    const result = await e2e.result({ tagName: 'Active Threat' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/tags/entities', query: 'tag=Active%20Threat&fulldevicedetails=true', body: '' }]);
    const entities = result.rawResponse.entities as Array<{ entityType: string; entityValue: string }>;
    expect(entities.filter((e) => e.entityType === 'Credential').map((e) => e.entityValue)).toEqual([CREDENTIAL]);
    const deviceIds = entities.filter((e) => e.entityType === 'Device').map((e) => Number(e.entityValue));
    expect(deviceIds.length).toBeGreaterThan(0);

    expect(result.outputsPrefix).toBe('Darktrace.Device');
    expect(result.outputs.map((d: { deviceId: number }) => d.deviceId)).toEqual(deviceIds); // the credential is not a device
    expect(JSON.stringify(result.entry.EntryContext)).not.toContain('administrator');
    const n = deviceIds.length;
    expect(result.readableOutput).toMatch(new RegExp(`^### ${n} devices? tagged Active Threat\\n`));
    expect(result.readableOutput.endsWith(`|\n\n${credentialTable}`)).toBe(true); // after the device table
  });
});

describeCommandE2E(command, { title: 'end to end: only a credential holds the tag (no generated devices)', emulator: { devices: 5 } }, (e2e) => {
  it('says no devices have it, and still lists the credential', async () => {
    const result = await e2e.result({ tagName: 'Active Threat' });
    expect(result.rawResponse).toEqual({
      entities: [{ teid: 4400, tehid: 4400, tid: 150, thid: 0, entityType: 'Credential', entityValue: CREDENTIAL, valid: true }],
      devices: [],
    });
    expect(result.readableOutput).toBe(`### No devices have the tag Active Threat\n${credentialTable}`);
    expect(result.entry.EntryContext).toEqual({});
  });
});
