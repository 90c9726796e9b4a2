import { describe, expect, it } from 'vitest';
import command, { outcomeUnknown, toOutputs, toReadable } from '../../commands/darktrace-remove-tag-from-device.js';
import { DarktraceError } from '../../src/darktrace/errors.js';
import { Registry } from '../../src/registry/index.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const err = (code: ConstructorParameters<typeof DarktraceError>[0], upstreamStatus?: number) =>
  new DarktraceError(code, 'x', { method: 'DELETE', path: '/tags/entities', upstreamStatus });

describe('transform', () => {
  it('one row keyed by deviceId + tagName', () => {
    expect(toOutputs(2, 'Admin')).toEqual({ deviceId: 2, tagName: 'Admin', removed: true });
  });
  it('only 5xx, timeouts, dropped connections and unreadable answers leave the outcome unknown', () => {
    expect(outcomeUnknown(err('UPSTREAM_STATUS', 502))).toBe(true);
    expect(outcomeUnknown(err('UPSTREAM_STATUS', 500))).toBe(true);
    expect(outcomeUnknown(err('TIMEOUT'))).toBe(true);
    expect(outcomeUnknown(err('CONNECTION'))).toBe(true);
    expect(outcomeUnknown(err('UNPARSEABLE_RESPONSE', 200))).toBe(true);
    expect(outcomeUnknown(err('UPSTREAM_STATUS', 400))).toBe(false);
    expect(outcomeUnknown(err('PERMISSION_DENIED', 403))).toBe(false);
    expect(outcomeUnknown(err('NOT_FOUND', 404))).toBe(false);
    expect(outcomeUnknown(err('INVALID_CREDENTIALS', 400))).toBe(false);
    expect(outcomeUnknown(new Error('x'))).toBe(false);
  });
});

describe('readable', () => {
  it('says what was removed', () => {
    expect(toReadable(toOutputs(2, 'Admin'))).toBe(
      '### Removed tag Admin from device 2\n|Device ID|Tag name|Removed|\n|---|---|---|\n| 2 | Admin | true |\n',
    );
  });
});

describe('arguments', () => {
  const registry = new Registry([command]);
  it('deviceId and tagName required; alias did', () => {
    expect(registry.parseArgs(command, { did: '2', tagName: 'Admin' })).toEqual({ ok: true, args: { deviceId: 2, tagName: 'Admin' } });
    const bad = registry.parseArgs(command, {});
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.path)).toEqual(['deviceId', 'tagName']);
  });
  it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const tag = (deviceId: number, tagName: string) => e2e.h.call('darktrace-post-tag-to-device', { deviceId, tagName }, { scope: 'write' });
  const tagNames = async (deviceId: number): Promise<string[]> =>
    ((await e2e.h.call('darktrace-get-tags-for-device', { deviceId })).body.results[0].outputs ?? []).map((t: { tagName: string }) => t.tagName);
  /** What the emulator received since the last run, with the status it answered. */
  const calls = () => e2e.received().map((r, i) => `${r.method} ${r.path}?${r.query} ${e2e.requests()[i].status}`);

  it('DELETE /tags/entities?did&tag; row keyed by deviceId + tagName', async () => {
    expect((await tag(3, 'Active Threat')).status).toBe(200);
    const result = await e2e.result({ deviceId: '3', tagName: 'Active Threat' });
    expect(e2e.received()).toEqual([{ method: 'DELETE', path: '/tags/entities', query: 'did=3&tag=Active%20Threat', body: '' }]);
    expect(result.outputs).toEqual({ deviceId: 3, tagName: 'Active Threat', removed: true });
    expect(result.entry.EntryContext).toEqual({
      'Darktrace.Device(val.deviceId && val.deviceId == obj.deviceId && val.tagName && val.tagName == obj.tagName)': result.outputs,
    });
    expect(result.readableOutput).toBe(
      '### Removed tag Active Threat from device 3\n|Device ID|Tag name|Removed|\n|---|---|---|\n| 3 | Active Threat | true |\n',
    );
    expect(result.rawResponse).toEqual({ response: 'SUCCESS' });
    expect(await tagNames(3)).not.toContain('Active Threat');
  });

  it('"apply then 502": the read shows the tag gone → success with a note', async () => {
    expect((await tag(3, 'DHCP Server')).status).toBe(200);
    e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'DELETE', match: '/tags/entities' });
    const result = await e2e.result({ did: 3, tagName: 'DHCP Server' });
    expect(calls()).toEqual(['DELETE /tags/entities?did=3&tag=DHCP%20Server 502', 'GET /tags/entities?did=3 200']);
    expect(result.outputs).toEqual({ deviceId: 3, tagName: 'DHCP Server', removed: true });
    expect(result.readableOutput).toBe(
      '### Removed tag DHCP Server from device 3\n' +
        'Darktrace reported an error (Darktrace returned HTTP 502 for DELETE /tags/entities.) but a read of the device\'s tags shows the tag is no longer on the device.\n' +
        '|Device ID|Tag name|Removed|\n|---|---|---|\n| 3 | DHCP Server | true |\n',
    );
    expect(result.rawResponse).toMatchObject({ deleteError: 'Darktrace returned HTTP 502 for DELETE /tags/entities.', tagsAfter: [] });
  });

  it('a 502 without the change: the read shows the tag still there → the original error, saying so, retryable', async () => {
    expect((await tag(3, 'DHCP Server')).status).toBe(200);
    e2e.h.emulator.faults.inject({ kind: 'status', status: 502, method: 'DELETE', match: '/tags/entities' });
    const res = await e2e.run({ deviceId: 3, tagName: 'DHCP Server' });
    expect(calls()).toEqual(['DELETE /tags/entities?did=3&tag=DHCP%20Server 502', 'GET /tags/entities?did=3 200']);
    expect(res.status).toBe(502);
    const detail = "Darktrace returned HTTP 502 for DELETE /tags/entities: Bad Gateway. A read of the device's tags shows the tag is still on the device: nothing was changed, so it is safe to retry.";
    expect(res.body).toMatchObject({ code: 'UPSTREAM_ERROR', upstreamStatus: 502, retryable: true, detail });
    expect(res.body.entry.Contents).toBe(`Failed to execute darktrace-remove-tag-from-device command.\nError:\n${detail}`);
    expect(await tagNames(3)).toContain('DHCP Server');
  });

  it('a 502 and the read fails too: OUTCOME_UNKNOWN, not retryable, saying the outcome is unknown', async () => {
    e2e.h.emulator.faults.inject({ kind: 'status', status: 502, method: 'DELETE', match: '/tags/entities' });
    e2e.h.emulator.faults.inject({ kind: 'status', status: 500, method: 'GET', match: '/tags/entities' });
    const res = await e2e.run({ deviceId: 3, tagName: 'DHCP Server' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'OUTCOME_UNKNOWN', retryable: false, upstreamStatus: 502 });
    expect(res.body.detail).toBe(
      'Darktrace returned HTTP 502 for DELETE /tags/entities: Bad Gateway. The outcome is unknown: reading the device\'s tags to check also failed (Darktrace returned HTTP 500 for GET /tags/entities: Internal Server Error.). Darktrace may or may not have applied this change: read the current state before retrying, or the change may be made twice.',
    );
  });

  it('a definite refusal (400 unknown tag) is reported as a 400 with Darktrace\'s message, with no verification read', async () => {
    const res = await e2e.run({ deviceId: 3, tagName: 'No Such Tag' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_ARGUMENTS', retryable: false });
    expect(res.body.detail).toContain('No tag named No Such Tag');
    expect(calls()).toEqual(['DELETE /tags/entities?did=3&tag=No%20Such%20Tag 400']);
  });

  it('bad arguments: a 400 naming each; needs the write scope', async () => {
    const bad = await e2e.run({ deviceId: '-1', tagName: '' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['deviceId', 'tagName']);
    expect((await e2e.run({ deviceId: 3, tagName: 'Admin' }, { scope: 'read' })).status).toBe(403);
  });
});

describeCommandE2E(command, { scope: 'write', title: 'end to end: a DELETE that times out', instance: { timeoutMs: 300 } }, (e2e) => {
  it('is checked with a read; the tag is still there → the original timeout (504), saying so, retryable', async () => {
    expect((await e2e.h.call('darktrace-post-tag-to-device', { deviceId: 3, tagName: 'Admin' }, { scope: 'write' })).status).toBe(200);
    e2e.h.emulator.faults.inject({ kind: 'latency', latencyMs: 1500, method: 'DELETE', match: '/tags/entities' });
    const res = await e2e.run({ deviceId: 3, tagName: 'Admin' });
    expect(res.status).toBe(504);
    expect(res.body.detail).toBe("Darktrace did not answer DELETE /tags/entities within 300 ms. A read of the device's tags shows the tag is still on the device: nothing was changed, so it is safe to retry.");
    expect(res.body.retryable).toBe(true);
    expect(e2e.received()).toEqual([
      { method: 'DELETE', path: '/tags/entities', query: 'did=3&tag=Admin', body: '' },
      { method: 'GET', path: '/tags/entities', query: 'did=3', body: '' },
    ]);
  });
});
