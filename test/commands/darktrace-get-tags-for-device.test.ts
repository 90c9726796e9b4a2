import { describe, expect, it } from 'vitest';
import fixture from '../../src/emulator/fixtures/device_tags.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-tags-for-device.js';
import { TagList } from '../../src/darktrace/resources/tags.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('transform (fixture device_tags.json)', () => {
  it('keeps the facts of the official pack (formatted_device_tags.json), with deviceId and no expiry when 0', () => {
    expect(toOutputs(1, TagList.parse(fixture))).toEqual([
      { deviceId: 1, tagId: 9, tagName: 'Admin', tagDescription: '' },
      { deviceId: 1, tagId: 117, tagName: 'TEST', tagDescription: 'Testing tag for SDK' },
      { deviceId: 1, tagId: 90, tagName: 'Katherine Test', tagDescription: '' },
    ]);
  });

  it('expiry in ms becomes ISO; absent data / description do not crash', () => {
    const tags = TagList.parse([
      { tid: 5, name: 'Quarantine', expiry: 1700000000123, data: {} },
      { tid: 6, name: 'Bare' },
      { tid: 7, name: 'NullData', data: null, expiry: null },
    ]);
    expect(toOutputs(42, tags)).toEqual([
      { deviceId: 42, tagId: 5, tagName: 'Quarantine', expiry: '2023-11-14T22:13:20.000Z' },
      { deviceId: 42, tagId: 6, tagName: 'Bare' },
      { deviceId: 42, tagId: 7, tagName: 'NullData' },
    ]);
  });

  it('a tag without tid is an invalid response, not a crash', () => {
    expect(TagList.safeParse([{ name: 'x' }]).success).toBe(false);
  });
});

describe('readable', () => {
  it('titles with the device (not the pack\'s "Device Tag Response for device: …") and shows "never" for no expiry', () => {
    const md = toReadable(1, toOutputs(1, TagList.parse(fixture)));
    expect(md).toBe(
      '### Tags of device 1\n' +
        '|Tag ID|Tag name|Description|Expires|\n' +
        '|---|---|---|---|\n' +
        '| 9 | Admin |  | never |\n' +
        '| 117 | TEST | Testing tag for SDK | never |\n' +
        '| 90 | Katherine Test |  | never |\n',
    );
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('deviceId is required, numeric; the alias did works', () => {
    expect(registry.parseArgs(command, { deviceId: '7' })).toEqual({ ok: true, args: { deviceId: 7 } });
    expect(registry.parseArgs(command, { did: 7 })).toEqual({ ok: true, args: { deviceId: 7 } });
    expect(registry.parseArgs(command, {})).toEqual({ ok: false, errors: [{ path: 'deviceId', message: 'deviceId (or did) is required' }] });
    const bad = registry.parseArgs(command, { deviceId: 'abc' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].path).toBe('deviceId');
  });
  it('is read-only', () => expect(command.access).toBe('read'));
});

describeCommandE2E(command, (e2e) => {
  it('device 1: GET /tags/entities?did=1, rows keyed by deviceId + tagId', async () => {
    const result = await e2e.result({ deviceId: '1' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/tags/entities', query: 'did=1', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.Device');
    expect(result.outputsKeyField).toEqual(['deviceId', 'tagId']);
    expect(result.outputs).toEqual(expect.arrayContaining([
      { deviceId: 1, tagId: 9, tagName: 'Admin', tagDescription: '' },
      { deviceId: 1, tagId: 117, tagName: 'TEST', tagDescription: 'Testing tag for SDK' },
      { deviceId: 1, tagId: 90, tagName: 'Katherine Test', tagDescription: '' },
    ]));
    expect(result.outputs).toHaveLength(3);
    const key = 'Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId && val.tagId && val.tagId == obj.tagId)';
    expect(Object.keys(result.entry.EntryContext)).toEqual([key]);
    expect(result.entry.EntryContext[key]).toEqual(result.outputs);
    expect(result.readableOutput).toMatch(/^### Tags of device 1\n\|Tag ID\|Tag name\|Description\|Expires\|\n/);
    expect(result.entry.HumanReadable).toBe(result.readableOutput);
    expect(result.rawResponse).toHaveLength(3);
  });

  it('alias did works', async () => {
    const res = await e2e.run({ did: 1 });
    expect(res.status).toBe(200);
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/tags/entities', query: 'did=1', body: '' }]);
  });

  it('a device without tags: success, a clear line, no context', async () => {
    const result = await e2e.result({ deviceId: 3 });
    expect(result.readableOutput).toBe('### Device 3 has no tags');
    expect(result.outputs).toBeNull();
    expect(result.entry.EntryContext).toEqual({});
  });

  it('a bad deviceId is a 400 naming it, and nothing reaches Darktrace', async () => {
    const res = await e2e.run({ deviceId: 'abc' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INVALID_ARGUMENTS');
    expect(res.body.errors).toEqual([{ path: 'deviceId', message: 'deviceId: expected an integer, got "abc"' }]);
    expect(e2e.received()).toEqual([]);
  });
});
