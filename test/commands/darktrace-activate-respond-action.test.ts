import { expect, it } from 'vitest';
import command from '../../commands/darktrace-activate-respond-action.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const slice = () => e2e.h.emulator.state.slice(AntigenaSlice);
  const calls = () => e2e.received().map((r, i) => `${r.method} ${r.path}?${r.query || r.body} ${e2e.requests()[i].status}`);

  it('approves a pending action: reads it, POSTs {codeid, activate, reason} once, reads it back and says so', async () => {
    const result = await e2e.result({ codeid: '5001', reason: 'Approved in XSOAR' });
    expect(e2e.received()).toEqual([
      { method: 'GET', path: '/antigena', query: 'includecleared=true', body: '' },
      { method: 'POST', path: '/antigena', query: '', body: '{"codeid":5001,"activate":true,"reason":"Approved in XSOAR"}' },
      { method: 'GET', path: '/antigena', query: 'includecleared=true&did=1', body: '' },
    ]);
    const a = slice().actions.get(5001)!;
    expect(a.active).toBe(true);
    expect(a.history.at(-1)).toMatchObject({ action: 'activated', reason: 'Approved in XSOAR', username: 'soar-api' });
    expect(result.outputs).toMatchObject({ codeid: 5001, did: 1, state: 'active', active: true, cleared: false, verified: true });
    expect(result.readableOutput).toMatch(/^### RESPOND action 5001: activate\nVerified by reading the action back: action 5001 is active until \d{4}-\d\d-\d\dT[\d:]+\.000Z\.\n\|Code ID\|State\|/);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.RespondAction(val.codeid && val.codeid == obj.codeid)': result.outputs });
  });

  it('reactivating an expired action needs duration (a 400 naming it, nothing sent); with it the action is active for that long', async () => {
    const expired = [...slice().actions.values()].find((a) => a.codeid > 5000 && slice().state(a) === 'expired')!;
    const res = await e2e.run({ codeid: expired.codeid });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'duration', message: `duration: is required to reactivate an expired RESPOND action (${expired.codeid} is expired)` }]);
    expect(calls()).toEqual(['GET /antigena?includecleared=true 200']);
    const before = Date.now();
    const result = await e2e.result({ codeid: expired.codeid, duration: 600 });
    expect(JSON.parse(e2e.received()[1].body)).toEqual({ codeid: expired.codeid, activate: true, duration: 600 });
    expect(result.outputs.state).toBe('active');
    expect(slice().actions.get(expired.codeid)!.expires).toBeGreaterThanOrEqual(before + 600_000 - 1000);
    expect(slice().actions.get(expired.codeid)!.history.at(-1)!.action).toBe('reactivated (expired)');
  });

  it('"apply then 502": the re-read shows it active → success saying what happened, no second POST', async () => {
    const pending = slice().create({ did: 3, action: 'quarantine', durationSeconds: 3600, pending: true });
    e2e.h.emulator.faults.inject({ kind: 'apply-then-error', method: 'POST', match: '/antigena' });
    const result = await e2e.result({ codeid: pending.codeid });
    expect(calls()).toEqual(['GET /antigena?includecleared=true 200', `POST /antigena?{"codeid":${pending.codeid},"activate":true} 502`, 'GET /antigena?includecleared=true&did=3 200']);
    expect(result.outputs).toMatchObject({ codeid: pending.codeid, state: 'active', verified: true });
    expect(result.readableOutput).toContain('Darktrace reported an error (Darktrace returned HTTP 502 for POST /antigena.) but a re-read shows the change was applied: action');
  });

  it('a 503 that did not apply: the re-read shows it still pending → the error, saying so (retryable)', async () => {
    const pending = slice().create({ did: 3, action: 'quarantine', durationSeconds: 3600, pending: true });
    e2e.h.emulator.faults.inject({ kind: 'status', status: 503, method: 'POST', match: '/antigena' });
    const res = await e2e.run({ codeid: pending.codeid });
    expect(res.status).toBe(502);
    expect(res.body.retryable).toBe(true);
    expect(res.body.detail).toBe(`Darktrace returned HTTP 503 for POST /antigena: Service Unavailable. A re-read shows the change was not applied: action ${pending.codeid} is pending (expires ${new Date(Math.floor(pending.expires / 1000) * 1000).toISOString()}).`);
    expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
  });

  it('an unknown codeid or an active action: a 400 naming codeid, nothing written', async () => {
    const missing = await e2e.run({ codeid: 999 });
    expect(missing.status).toBe(400);
    expect(missing.body.errors[0].message).toBe('codeid: Darktrace lists no RESPOND action 999 (GET /antigena shows current actions, cleared ones, and those that expired within the last 14 days)');
    const active = [...slice().actions.values()].find((a) => slice().state(a) === 'active')!;
    const again = await e2e.run({ codeid: active.codeid });
    expect(again.status).toBe(400);
    expect(again.body.errors[0]).toEqual({ path: 'codeid', message: `codeid: RESPOND action ${active.codeid} is already active; use darktrace-extend-respond-action to change how long it lasts` });
    expect(e2e.received().filter((r) => r.method === 'POST')).toEqual([]);
  });

  it('bad arguments: a 400 naming each; needs the write scope', async () => {
    const bad = await e2e.run({ codeid: 'abc', duration: '0' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([
      { path: 'codeid', message: 'codeid: expected an integer, got "abc"' },
      { path: 'duration', message: 'duration: must be at least 1 (got 0)' },
    ]);
    expect((await e2e.run({ codeid: 5002 }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});
