import { expect, it } from 'vitest';
import command from '../../commands/darktrace-extend-respond-action.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const slice = () => e2e.h.emulator.state.slice(AntigenaSlice);
  const activeAction = () => slice().create({ did: 3, action: 'quarantine', durationSeconds: 100 });

  it('duration is the new remaining time: 600 s from now, not added to the expiry; verified by the read-back', async () => {
    const a = activeAction();
    const oldExpiry = a.expires;
    const before = Date.now();
    const result = await e2e.result({ codeid: a.codeid, duration: '600', reason: 'Still investigating' });
    expect(e2e.received()).toEqual([
      { method: 'GET', path: '/antigena', query: 'includecleared=true', body: '' },
      { method: 'POST', path: '/antigena', query: '', body: `{"codeid":${a.codeid},"duration":600,"reason":"Still investigating"}` },
      { method: 'GET', path: '/antigena', query: 'includecleared=true&did=3', body: '' },
    ]);
    const expires = slice().actions.get(a.codeid)!.expires;
    expect(expires).toBeGreaterThanOrEqual(before + 600_000);
    expect(expires).toBeLessThan(oldExpiry + 600_000); // not an increment
    expect(result.outputs).toMatchObject({ codeid: a.codeid, state: 'active', verified: true, expires: new Date(Math.floor(expires / 1000) * 1000).toISOString() });
    expect(result.readableOutput).toContain(`Verified by reading the action back: action ${a.codeid} is active until ${result.outputs.expires}.`);
    expect(slice().actions.get(a.codeid)!.history.at(-1)).toMatchObject({ action: 'extended', reason: 'Still investigating' });
  });

  it('a pending action cannot be extended: a 400 naming codeid that says what to do instead', async () => {
    const res = await e2e.run({ codeid: 5002, duration: 60 });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'codeid', message: 'codeid: RESPOND action 5002 is pending: only an active action can be extended (approve it with darktrace-activate-respond-action)' }]);
    expect(e2e.received().map((r) => r.method)).toEqual(['GET']);
  });

  it('a 200 whose read-back shows no change is not reported as success', async () => {
    const a = activeAction();
    const expires = a.expires;
    // The appliance answers but does not apply the change: the state is restored before the read-back.
    const real = slice().extend.bind(slice());
    slice().extend = (codeid, seconds, reason) => { const x = real(codeid, seconds, reason); x.expires = expires; return x; };
    try {
      const res = await e2e.run({ codeid: a.codeid, duration: 900 });
      expect(res.status).toBe(502);
      expect(res.body.retryable).toBe(false);
      expect(res.body.detail).toBe(`Darktrace answered {"response":"SUCCESS"} to extend RESPOND action ${a.codeid}, but a re-read shows the change was not applied: the expiry did not move (still ${new Date(Math.floor(expires / 1000) * 1000).toISOString()}).`);
    } finally {
      slice().extend = real;
    }
  });

  it('bad arguments: duration required and positive; needs the write scope', async () => {
    const bad = await e2e.run({ codeid: 5003 });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'duration', message: 'duration: is required' }]);
    expect((await e2e.run({ codeid: 5003, duration: -5 })).body.errors).toEqual([{ path: 'duration', message: 'duration: must be at least 1 (got -5)' }]);
    expect((await e2e.run({ codeid: 5003, duration: 5 }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});
