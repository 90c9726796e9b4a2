import { describe, expect, it } from 'vitest';
import command, { toOutputs, toReadable } from '../../commands/darktrace-unacknowledge-model-breach.js';
import { useFakeDarktrace, json } from '../helpers/fake-darktrace.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('transform', () => {
  it('one row keyed by pbid, saying whether a read verified it', () => {
    expect(toOutputs(159, true)).toEqual({ pbid: 159, acknowledged: false, verified: true });
    expect(toReadable(toOutputs(159, true), 'Verified: x.')).toBe(
      '### Model breach 159 unacknowledged\nVerified: x.\n|PBID|Acknowledged|Verified|\n|---|---|---|\n| 159 | false | true |\n');
  });
  it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
});

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const setAck = (value: boolean) => e2e.h.emulator.state.setAcknowledged(159, value);
  const calls = () => e2e.received().map((r, i) => `${r.method} ${r.path} ${r.body} ${e2e.requests()[i].status}`);

  it('POST /modelbreaches/159/unacknowledge with JSON {"unacknowledge":true}, then the breach is read back', async () => {
    setAck(true);
    const result = await e2e.result({ pbid: '159' });
    expect(e2e.received()).toEqual([
      { method: 'POST', path: '/modelbreaches/159/unacknowledge', query: '', body: '{"unacknowledge":true}' },
      { method: 'GET', path: '/modelbreaches/159', query: '', body: '' },
    ]);
    expect(result.outputs).toEqual({ pbid: 159, acknowledged: false, verified: true });
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': result.outputs });
    expect(result.readableOutput).toBe(toReadable(result.outputs, 'Verified: a read of model breach 159 shows it not acknowledged.'));
    expect(result.rawResponse).toEqual({ response: 'SUCCESS' });
    expect((await e2e.h.call('darktrace-get-model-breach', { pbid: 159 })).body.results[0].outputs.acknowledged).toBe(false);
  });

  it('"apply then 502": the read shows the change → success, saying so', async () => {
    setAck(true);
    e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/modelbreaches/159/unacknowledge' });
    const result = await e2e.result({ pbid: 159 });
    expect(calls()).toEqual(['POST /modelbreaches/159/unacknowledge {"unacknowledge":true} 502', 'GET /modelbreaches/159  200']);
    expect(result.outputs).toEqual({ pbid: 159, acknowledged: false, verified: true });
    expect(result.readableOutput).toContain('Darktrace reported an error (Darktrace returned HTTP 502 for POST /modelbreaches/159/unacknowledge.) but a read of model breach 159 shows it not acknowledged.');
  });

  it('a 503 without the change: the original error, never retried', async () => {
    setAck(true);
    e2e.h.emulator.faults.inject({ kind: 'status', status: 503, method: 'POST', match: '/modelbreaches/159/unacknowledge' });
    const res = await e2e.run({ pbid: 159 });
    expect(res.status).toBe(502);
    expect(res.body.upstreamStatus).toBe(503);
    expect(calls()).toEqual(['POST /modelbreaches/159/unacknowledge {"unacknowledge":true} 503', 'GET /modelbreaches/159  200']);
  });

  it('a 502 and a failing read: the outcome is unknown, and the detail says so (not retryable)', async () => {
    e2e.h.emulator.faults.inject({ kind: 'status', status: 502, method: 'POST', match: '/modelbreaches/159/unacknowledge' });
    e2e.h.emulator.faults.inject({ kind: 'status', status: 500, method: 'GET', match: '/modelbreaches/159', times: 3 });
    const res = await e2e.run({ pbid: 159 });
    expect(res.status).toBe(502);
    expect(res.body.retryable).toBe(false);
    expect(res.body.code).toBe('OUTCOME_UNKNOWN');
    expect(res.body.detail).toBe('Darktrace returned HTTP 502 for POST /modelbreaches/159/unacknowledge: Bad Gateway. The outcome is unknown: reading model breach 159 to check also failed (Darktrace returned HTTP 500 for GET /modelbreaches/159: Internal Server Error.). '
      + 'Darktrace may or may not have applied this change: read the current state before retrying, or the change may be made twice.');
  });

  it('nothing found: 404 naming the breach (the refusal is checked with a read)', async () => {
    const res = await e2e.run({ pbid: 99999 });
    expect(res.status).toBe(404);
    expect(res.body.detail).toBe('Darktrace has no model breach 99999.');
    expect(calls()).toEqual(['POST /modelbreaches/99999/unacknowledge {"unacknowledge":true} 404', 'GET /modelbreaches/99999  404']);
  });

  it('bad arguments: a 400 naming pbid; needs the write scope', async () => {
    const bad = await e2e.run({ pbid: '0' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'pbid', message: 'pbid: must be at least 1 (got 0)' }]);
    expect((await e2e.run({ pbid: 159 }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});

describe('an answer that does not say SUCCESS', () => {
  const dt = useFakeDarktrace();
  it('and a read without the change: INVALID_RESPONSE quoting the answer', async () => {
    dt.script(json(200, { response: 'ALREADY' }), json(200, { pbid: 5, acknowledged: true }));
    await expect(command.run({ pbid: 5 }, dt.ctx)).rejects.toMatchObject({
      code: 'INVALID_RESPONSE', message: 'Darktrace answered {"response":"ALREADY"} but a read of model breach 5 does not show it not acknowledged.',
    });
  });
  it('and a read with the change: success, saying what Darktrace answered', async () => {
    dt.script(json(200, [{ replicate: false }]), json(200, { pbid: 5, acknowledged: false }));
    const result = await command.run({ pbid: 5 }, dt.ctx) as { readableOutput: string };
    expect(result.readableOutput).toContain('Darktrace answered [{"replicate":false}]; a read of model breach 5 shows it not acknowledged.');
  });
  it('a Unified View replicate answer confirms', async () => {
    dt.script(json(200, [{ replicate: true, data: [{ did: 1, pid: 2, time: 3, score: 0.5 }] }]), json(200, { pbid: 5, acknowledged: false }));
    const result = await command.run({ pbid: 5 }, dt.ctx) as { readableOutput: string };
    expect(result.readableOutput).toContain('Verified: a read of model breach 5 shows it not acknowledged.');
  });
});
