// The shared suite of darktrace-acknowledge-model-breach and darktrace-unacknowledge-model-breach: transforms,
// the exact request Darktrace received, "apply then 502", a 503 without the change, a failing read, an unknown
// breach, bad arguments and scope, and answers that do not say SUCCESS. Each test file passes its specifics.
import { describe, expect, it } from 'vitest';
import type { CommandDefinition } from '../../src/registry/index.js';
import { describeCommandE2E } from './e2e.js';
import { json, useFakeDarktrace } from './fake-darktrace.js';

export interface BreachAcknowledgementCase {
  command: CommandDefinition;
  toOutputs(pbid: number, verified: boolean): object;
  toReadable(row: never, verification: string): string;
  /** The path's last segment: `unacknowledge`. */
  action: string;
  /** The JSON body Darktrace must receive: `{"unacknowledge":true}`. */
  body: string;
  /** What the command sets `acknowledged` to. */
  acknowledged: boolean;
  /** `toOutputs(159, true)`. */
  outputs: object;
  /** `toReadable(toOutputs(159, true), 'Verified: x.')`. */
  readable: string;
  /** What a read showing the change proves: `it not acknowledged`. */
  effect: string;
}

export function describeBreachAcknowledgement(c: BreachAcknowledgementCase): void {
  const { command, action, body, acknowledged } = c;
  const toReadable = c.toReadable as (row: unknown, verification: string) => string;

  describe('transform', () => {
    it('one row keyed by pbid, saying whether a read verified it', () => {
      expect(c.toOutputs(159, true)).toEqual(c.outputs);
      expect(toReadable(c.toOutputs(159, true), 'Verified: x.')).toBe(c.readable);
    });
    it('changes Darktrace (access: write)', () => expect(command.access).toBe('write'));
  });

  describeCommandE2E(command, { scope: 'write' }, (e2e) => {
    const setAck = (value: boolean) => e2e.h.emulator.state.setAcknowledged(159, value);
    const calls = () => e2e.received().map((r, i) => `${r.method} ${r.path} ${r.body} ${e2e.requests()[i].status}`);

    it(`POST /modelbreaches/159/${action} with JSON ${body}, then the breach is read back`, async () => {
      setAck(!acknowledged);
      const result = await e2e.result({ pbid: '159' });
      expect(e2e.received()).toEqual([
        { method: 'POST', path: `/modelbreaches/159/${action}`, query: '', body },
        { method: 'GET', path: '/modelbreaches/159', query: '', body: '' },
      ]);
      expect(result.outputs).toEqual(c.outputs);
      expect(result.entry.EntryContext).toEqual({ 'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': result.outputs });
      expect(result.readableOutput).toBe(toReadable(result.outputs, `Verified: a read of model breach 159 shows ${c.effect}.`));
      expect(result.rawResponse).toEqual({ response: 'SUCCESS' });
      expect((await e2e.h.call('darktrace-get-model-breach', { pbid: 159 })).body.results[0].outputs.acknowledged).toBe(acknowledged);
    });

    it('"apply then 502": the read shows the change → success, saying so', async () => {
      setAck(!acknowledged);
      e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: `/modelbreaches/159/${action}` });
      const result = await e2e.result({ pbid: 159 });
      expect(calls()).toEqual([`POST /modelbreaches/159/${action} ${body} 502`, 'GET /modelbreaches/159  200']);
      expect(result.outputs).toEqual(c.outputs);
      expect(result.readableOutput).toContain(`Darktrace reported an error (Darktrace returned HTTP 502 for POST /modelbreaches/159/${action}.) but a read of model breach 159 shows ${c.effect}.`);
    });

    it('a 503 without the change: the original error, never retried', async () => {
      setAck(!acknowledged);
      e2e.h.emulator.faults.inject({ kind: 'status', status: 503, method: 'POST', match: `/modelbreaches/159/${action}` });
      const res = await e2e.run({ pbid: 159 });
      expect(res.status).toBe(502);
      expect(res.body.upstreamStatus).toBe(503);
      expect(calls()).toEqual([`POST /modelbreaches/159/${action} ${body} 503`, 'GET /modelbreaches/159  200']);
    });

    it('a 502 and a failing read: the outcome is unknown, and the detail says so (not retryable)', async () => {
      e2e.h.emulator.faults.inject({ kind: 'status', status: 502, method: 'POST', match: `/modelbreaches/159/${action}` });
      e2e.h.emulator.faults.inject({ kind: 'status', status: 500, method: 'GET', match: '/modelbreaches/159', times: 3 });
      const res = await e2e.run({ pbid: 159 });
      expect(res.status).toBe(502);
      expect(res.body.retryable).toBe(false);
      expect(res.body.code).toBe('OUTCOME_UNKNOWN');
      expect(res.body.detail).toBe(`Darktrace returned HTTP 502 for POST /modelbreaches/159/${action}: Bad Gateway. The outcome is unknown: reading model breach 159 to check also failed (Darktrace returned HTTP 500 for GET /modelbreaches/159: Internal Server Error.). `
        + 'Darktrace may or may not have applied this change: read the current state before retrying, or the change may be made twice.');
    });

    it('nothing found: 404 naming the breach (the refusal is checked with a read)', async () => {
      const res = await e2e.run({ pbid: 99999 });
      expect(res.status).toBe(404);
      expect(res.body.detail).toBe('Darktrace has no model breach 99999.');
      expect(calls()).toEqual([`POST /modelbreaches/99999/${action} ${body} 404`, 'GET /modelbreaches/99999  404']);
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
      dt.script(json(200, { response: 'ALREADY' }), json(200, { pbid: 5, acknowledged: !acknowledged }));
      await expect(command.run({ pbid: 5 }, dt.ctx)).rejects.toMatchObject({
        code: 'INVALID_RESPONSE', message: `Darktrace answered {"response":"ALREADY"} but a read of model breach 5 does not show ${c.effect}.`,
      });
    });
    it('and a read with the change: success, saying what Darktrace answered', async () => {
      dt.script(json(200, [{ replicate: false }]), json(200, { pbid: 5, acknowledged }));
      const result = await command.run({ pbid: 5 }, dt.ctx) as { readableOutput: string };
      expect(result.readableOutput).toContain(`Darktrace answered [{"replicate":false}]; a read of model breach 5 shows ${c.effect}.`);
    });
    it('a Unified View replicate answer confirms', async () => {
      dt.script(json(200, [{ replicate: true, data: [{ did: 1, pid: 2, time: 3, score: 0.5 }] }]), json(200, { pbid: 5, acknowledged }));
      const result = await command.run({ pbid: 5 }, dt.ctx) as { readableOutput: string };
      expect(result.readableOutput).toContain(`Verified: a read of model breach 5 shows ${c.effect}.`);
    });
  });
}
