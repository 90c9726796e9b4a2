import { describe, expect, it } from 'vitest';
import command, { toOutputs, toReadable } from '../../commands/darktrace-post-tag-to-device.js';
import { tagDevice } from '../../src/darktrace/resources/tags.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { hang, json, useFakeDarktrace } from '../helpers/fake-darktrace.js';

const confirmed = tagDevice.confirms;

// Shared fixture device_tag_post.json (POST /tags/entities did=2&tag=Admin), inlined.
const fixture = { tid: 57 };

describe('transform (fixture device_tag_post.json)', () => {
  it('has the facts of the pack (formatted_device_tag_post.json) but deviceId is a number', () => {
    // The pack: {tagId: 57, tagName: "Admin", deviceId: "2", response: "Successfully Tagged"}
    expect(toOutputs(2, 'Admin', fixture)).toEqual({ deviceId: 2, tagId: 57, tagName: 'Admin', response: 'Successfully Tagged' });
  });

  it('{response: SUCCESS} is accepted; the tag id then comes from the read-back', () => {
    expect(confirmed({ response: 'SUCCESS' })).toBe(true);
    expect(toOutputs(2, 'Admin', { response: 'SUCCESS' }, 3600, 9)).toEqual({
      deviceId: 2, tagId: 9, tagName: 'Admin', response: 'Successfully Tagged', duration: 3600,
    });
    expect(toOutputs(2, 'Admin', { response: 'SUCCESS' })).toEqual({ deviceId: 2, tagName: 'Admin', response: 'Successfully Tagged' });
  });

  it('anything else is not a confirmation', () => {
    expect(confirmed(fixture)).toBe(true);
    expect(confirmed({})).toBe(false);
    expect(confirmed({ response: 'FAILURE' })).toBe(false);
    expect(confirmed({ error: 'no such tag' } as never)).toBe(false);
  });
});

describe('readable', () => {
  it('says what happened (not the pack\'s "Device Tag Response")', () => {
    expect(toReadable(toOutputs(2, 'Admin', fixture))).toBe(
      '### Tagged device 2 with Admin\n|Device ID|Tag ID|Tag name|\n|---|---|---|\n| 2 | 57 | Admin |\n',
    );
    expect(toReadable(toOutputs(2, 'Admin', { response: 'SUCCESS' }, 600), 'note')).toBe(
      '### Tagged device 2 with Admin for 600 seconds\nnote\n|Device ID|Tag ID|Tag name|Duration (s)|\n|---|---|---|---|\n| 2 | unknown | Admin | 600 |\n',
    );
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('deviceId and tagName required, duration optional seconds; alias did', () => {
    expect(registry.parseArgs(command, { deviceId: '2', tagName: 'Admin' }))
      .toEqual({ ok: true, args: { deviceId: 2, tagName: 'Admin', duration: undefined } });
    expect(registry.parseArgs(command, { did: 2, tagName: 'Admin', duration: '3600' }))
      .toEqual({ ok: true, args: { deviceId: 2, tagName: 'Admin', duration: 3600 } });
    const bad = registry.parseArgs(command, { duration: '-5' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path).sort()).toEqual(['deviceId', 'duration', 'tagName']);
  });
  it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
});

describe('run with answers the emulator does not give', () => {
  const dt = useFakeDarktrace({ timeoutMs: 300 });
  const args = { deviceId: 2, tagName: 'Admin', duration: undefined };

  it('{response: SUCCESS}: the tag id is read back from /tags/entities?did', async () => {
    dt.script(json(200, { response: 'SUCCESS' }), json(200, [{ tid: 9, name: 'Admin', expiry: 0 }, { tid: 5, name: 'Other' }]));
    const result = await command.run(args, dt.ctx);
    expect(dt.received()).toEqual([
      { method: 'POST', path: '/tags/entities', query: '', body: 'did=2&tag=Admin' },
      { method: 'GET', path: '/tags/entities', query: 'did=2', body: '' },
    ]);
    expect(result).toMatchObject({ outputs: { deviceId: 2, tagId: 9, tagName: 'Admin', response: 'Successfully Tagged' } });
  });

  it('{response: SUCCESS} and the read-back fails: still a success, tag id unknown, with a note', async () => {
    dt.script(json(200, { response: 'SUCCESS' }), hang);
    const result = await command.run(args, dt.ctx);
    expect(result).toMatchObject({ outputs: { deviceId: 2, tagName: 'Admin', response: 'Successfully Tagged' } });
    expect((result as { outputs: object }).outputs).not.toHaveProperty('tagId');
    expect((result as { readableOutput: string }).readableOutput).toContain('the tag ID could not be read back (Darktrace did not answer GET /tags/entities within 300 ms.)');
  });

  it('anything else is a clear error (INVALID_RESPONSE), not a KeyError', async () => {
    dt.script(json(200, { response: 'FAILURE' }));
    await expect(command.run(args, dt.ctx)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE',
      retryable: false,
      message: 'Darktrace did not confirm tagging device 2 with Admin: it answered {"response":"FAILURE"} instead of a tag ID or SUCCESS.',
    });
    expect(dt.received()).toEqual([{ method: 'POST', path: '/tags/entities', query: '', body: 'did=2&tag=Admin' }]);
  });
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  it('sends the form did&tag&duration (signed over those bytes) and outputs a numeric deviceId', async () => {
    const result = await e2e.result({ deviceId: '3', tagName: 'Active Threat', duration: '3600' });
    expect(e2e.received()).toEqual([{ method: 'POST', path: '/tags/entities', query: '', body: 'did=3&tag=Active+Threat&duration=3600' }]);
    expect(e2e.requests()[0].headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(result.outputs).toEqual({ deviceId: 3, tagId: 150, tagName: 'Active Threat', response: 'Successfully Tagged', duration: 3600 });
    expect(result.entry.EntryContext).toEqual({
      'Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId && val.tagId && val.tagId == obj.tagId)': result.outputs,
    });
    expect(result.readableOutput).toBe(
      '### Tagged device 3 with Active Threat for 3600 seconds\n|Device ID|Tag ID|Tag name|Duration (s)|\n|---|---|---|---|\n| 3 | 150 | Active Threat | 3600 |\n',
    );
    expect(result.rawResponse).toEqual({ tid: 150 });
  });

  it('fixture case: device 2-style call without duration sends did&tag only', async () => {
    const res = await e2e.run({ did: 1, tagName: 'Admin' });
    expect(res.status).toBe(200);
    expect(e2e.received()).toEqual([{ method: 'POST', path: '/tags/entities', query: '', body: 'did=1&tag=Admin' }]);
    expect(res.body.results[0].outputs).toEqual({ deviceId: 1, tagId: 9, tagName: 'Admin', response: 'Successfully Tagged' });
  });

  it('stateful: the tag is listed by get-tags-for-device and get-tagged-devices, then removed', async () => {
    const post = await e2e.run({ deviceId: 823, tagName: 'Security Device', duration: 600 });
    expect(post.status).toBe(200);

    const tags = await e2e.h.call('darktrace-get-tags-for-device', { deviceId: 823 });
    const row = tags.body.results[0].outputs.find((t: { tagName: string }) => t.tagName === 'Security Device');
    expect(row).toMatchObject({ deviceId: 823, tagId: 152, tagName: 'Security Device' });
    expect(row.expiry).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/); // duration → an expiry on this device

    const tagged = await e2e.h.call('darktrace-get-tagged-devices', { tagName: 'Security Device' });
    expect(tagged.body.results[0].outputs.map((d: { deviceId: number }) => d.deviceId)).toContain(823);

    const removed = await e2e.h.call('darktrace-remove-tag-from-device', { deviceId: 823, tagName: 'Security Device' }, { scope: 'write' });
    expect(removed.status).toBe(200);
    expect(removed.body.results[0].outputs).toEqual({ deviceId: 823, tagName: 'Security Device', removed: true });

    const after = await e2e.h.call('darktrace-get-tags-for-device', { deviceId: 823 });
    expect((after.body.results[0].outputs ?? []).map((t: { tagName: string }) => t.tagName)).not.toContain('Security Device');
    const taggedAfter = await e2e.h.call('darktrace-get-tagged-devices', { tagName: 'Security Device' });
    expect((taggedAfter.body.results[0].outputs ?? []).map((d: { deviceId: number }) => d.deviceId)).not.toContain(823);
  });

  it('needs the write scope', async () => {
    const res = await e2e.run({ deviceId: 3, tagName: 'Admin' }, { scope: 'read' });
    expect(res.status).toBe(403);
  });

  it('bad arguments: a 400 naming each, nothing sent', async () => {
    const res = await e2e.run({ deviceId: 'x', duration: '0' });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['deviceId', 'tagName', 'duration']);
    expect(e2e.received()).toEqual([]);
  });

  it('an unknown device: the appliance\'s input error is reported as a 400 (issue 8, finding 6)', async () => {
    const res = await e2e.run({ deviceId: 77777777, tagName: 'Admin' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', retryable: false, upstreamStatus: 400 });
    expect(res.body.detail).toContain('No device with did 77777777');
  });
});

describeCommandE2E(command, {
  scope: 'write',
  title: 'end to end against an appliance that answers {"response":"SUCCESS"} (the API guide\'s shape)',
  emulator: { tagPostResponse: 'success' },
}, (e2e) => {
  it('reads the tag id back from GET /tags/entities?did=…: exactly two signed requests, the full context key', async () => {
    const result = await e2e.result({ deviceId: '3', tagName: 'Active Threat', duration: '3600' });
    expect(e2e.received()).toEqual([
      { method: 'POST', path: '/tags/entities', query: '', body: 'did=3&tag=Active+Threat&duration=3600' },
      { method: 'GET', path: '/tags/entities', query: 'did=3', body: '' },
    ]);
    expect(e2e.requests().map((r) => r.status)).toEqual([200, 200]);

    expect(result.rawResponse).toEqual({ response: 'SUCCESS' });
    expect(result.outputs).toEqual({ deviceId: 3, tagId: 150, tagName: 'Active Threat', response: 'Successfully Tagged', duration: 3600 });
    expect(result.outputsKeyField).toEqual(['deviceId', 'tagId']);
    expect(result.entry.EntryContext).toEqual({
      'Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId && val.tagId && val.tagId == obj.tagId)': result.outputs,
    });
    expect(result.readableOutput).toBe(
      '### Tagged device 3 with Active Threat for 3600 seconds\n|Device ID|Tag ID|Tag name|Duration (s)|\n|---|---|---|---|\n| 3 | 150 | Active Threat | 3600 |\n',
    );
  });

  it('a tag the appliance creates on the fly gets its new tid from the read-back', async () => {
    const res = await e2e.run({ deviceId: 823, tagName: 'Quarantine Candidate' });
    expect(res.status).toBe(200);
    const created = e2e.h.emulator.state.tags.get('Quarantine Candidate')!;
    expect(res.body.results[0].outputs).toEqual({ deviceId: 823, tagId: created.tid, tagName: 'Quarantine Candidate', response: 'Successfully Tagged' });
    expect(e2e.received()).toEqual([
      { method: 'POST', path: '/tags/entities', query: '', body: 'did=823&tag=Quarantine+Candidate' },
      { method: 'GET', path: '/tags/entities', query: 'did=823', body: '' },
    ]);
  });

  it('the read-back fails (GET answers 503 every time): the tagging still succeeds, tag id unknown, with a note', async () => {
    e2e.h.emulator.faults.inject({ kind: 'status', status: 503, method: 'GET', match: '/tags/entities', times: -1 });
    try {
      const result = await e2e.result({ deviceId: 2, tagName: 'DHCP Server' });
      expect(result.outputs).toEqual({ deviceId: 2, tagName: 'DHCP Server', response: 'Successfully Tagged' });
      expect(result.readableOutput).toMatch(/^### Tagged device 2 with DHCP Server\nDarktrace confirmed the tagging; the tag ID could not be read back \(.+\)\.\n\|Device ID\|Tag ID\|Tag name\|\n\|---\|---\|---\|\n\| 2 \| unknown \| DHCP Server \|\n$/);
      expect(e2e.requests().map((r) => [r.method, r.status])).toEqual([['POST', 200], ['GET', 503], ['GET', 503], ['GET', 503]]);
    } finally {
      e2e.h.emulator.faults.clear();
    }
    expect(e2e.h.emulator.state.tagsForDevice(2).map((t) => t.name)).toContain('DHCP Server');
  });
});
