import { expect, it } from 'vitest';
import command from '../../commands/darktrace-clear-respond-action.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describeCommandE2E(command, { scope: 'write' }, (e2e) => {
  const slice = () => e2e.h.emulator.state.slice(AntigenaSlice);

  it('clears an active action: POST {codeid, clear, reason} once, the read-back shows it cleared', async () => {
    const a = slice().create({ did: 823, action: 'quarantine', durationSeconds: 3600 });
    const result = await e2e.result({ codeid: a.codeid, reason: 'False positive' });
    expect(e2e.received()).toEqual([
      { method: 'GET', path: '/antigena', query: 'includecleared=true', body: '' },
      { method: 'POST', path: '/antigena', query: '', body: `{"codeid":${a.codeid},"clear":true,"reason":"False positive"}` },
      { method: 'GET', path: '/antigena', query: 'includecleared=true&did=823', body: '' },
    ]);
    expect(slice().actions.get(a.codeid)).toMatchObject({ active: false, cleared: true });
    expect(result.outputs).toMatchObject({ codeid: a.codeid, did: 823, state: 'cleared', active: false, cleared: true, verified: true });
    expect(result.readableOutput).toMatch(new RegExp(`^### RESPOND action ${a.codeid}: clear\\nVerified by reading the action back: action ${a.codeid} is cleared\\.\\n`));
    expect(result.readableOutput).toContain(`| ${a.codeid} | cleared | Quarantine device (quarantine) | 823 |`);
  });

  it('an action already cleared: reported as such, nothing sent', async () => {
    const cleared = [...slice().actions.values()].find((a) => a.cleared && a.codeid > 5000)!;
    const result = await e2e.result({ codeid: cleared.codeid });
    expect(e2e.received().map((r) => r.method)).toEqual(['GET']);
    expect(result.readableOutput).toContain(`Action ${cleared.codeid} is already cleared; nothing was sent.`);
    expect(result.outputs).toMatchObject({ state: 'cleared', verified: true });
  });

  it('the read-back fails after a 200: success, but it says the change could not be verified (verified: false)', async () => {
    const a = slice().create({ did: 823, action: 'quarantine', durationSeconds: 3600 });
    const real = slice().list.bind(slice());
    let reads = 0;
    slice().list = (f) => { if (++reads > 1) throw new Error('appliance hiccup'); return real(f); }; // the read-back answers 500
    try {
      const result = await e2e.result({ codeid: a.codeid });
      expect(e2e.requests().map((r) => r.status)).toEqual([200, 200, 500]);
      expect(slice().actions.get(a.codeid)!.cleared).toBe(true);
      expect(result.outputs).toMatchObject({ codeid: a.codeid, state: 'active', verified: false });
      expect(result.readableOutput).toContain(`Darktrace accepted the change (HTTP 2xx) but it could not be verified: reading action ${a.codeid} back failed (Darktrace returned HTTP 500 for GET /antigena: Internal Server Error.). The row shows the action as it was before.`);
    } finally {
      slice().list = real;
    }
  });

  it('bad arguments: codeid required; needs the write scope', async () => {
    const bad = await e2e.run({});
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'codeid', message: 'codeid (or codeId) is required' }]);
    expect((await e2e.run({ codeid: 5003 }, { scope: 'read' })).status).toBe(403);
    expect(e2e.received()).toEqual([]);
  });
});
