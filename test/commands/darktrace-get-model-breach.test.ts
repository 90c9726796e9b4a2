import { describe, expect, it } from 'vitest';
import breaches from '../../src/emulator/fixtures/modelbreaches.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-model-breach.js';
import { Breach } from '../../src/darktrace/resources/modelbreaches.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const B159 = {
  pbid: 159, acknowledged: false, componentIds: [2998], time: '2020-09-01T05:20:19.000Z', creationTime: '2020-09-01T05:20:20.000Z',
  score: 0.729, commentCount: 0, modelName: 'Testing::Cheese-y DNS', modelPid: 761, modelUuid: 'd04218f3-f67e-4802-9e65-bc6675e5e276',
  modelPriority: 3, modelDescription: 'DNS lookups for various cheese.com', deviceId: 823, deviceHostname: 'ip-10-0-0-1', deviceIp: '10.0.0.1',
};

describe('transform (fixture modelbreaches.json)', () => {
  it('breach 159 → one row: the model as at breach time, ISO times, the device, component ids', () => {
    expect(toOutputs(Breach.parse(breaches[0]))).toEqual(B159);
  });
  it('a breach without model, device or components keeps only what it has', () => {
    expect(toOutputs(Breach.parse({ pbid: 7 }))).toEqual({ pbid: 7, acknowledged: false, componentIds: [] });
  });
  it('readable: one curated row', () => {
    expect(toReadable(B159)).toBe('### Darktrace model breach 159\n|PBID|Model|Category|Score|Device|Time|Acknowledged|Comments|\n'
      + '|---|---|---|---|---|---|---|---|\n| 159 | Testing::Cheese-y DNS |  | 0.729 | ip-10-0-0-1 | 2020-09-01T05:20:19.000Z | false | 0 |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('pbid 159: GET /modelbreaches/159, keyed by pbid', async () => {
    const result = await e2e.result({ pbid: '159' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/modelbreaches/159', query: '', body: '' }]);
    expect(result.outputs).toEqual(B159);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.ModelBreach(val.pbid && val.pbid == obj.pbid)': B159 });
    expect(result.readableOutput).toBe(toReadable(B159));
  });

  it('an acknowledged breach is found too (the list hides them)', async () => {
    e2e.h.emulator.state.setAcknowledged(158, true);
    expect((await e2e.result({ pbid: 158 })).outputs).toMatchObject({ pbid: 158, acknowledged: true, modelName: 'Antigena::Network::Model' });
    e2e.h.emulator.state.setAcknowledged(158, false);
  });

  it('nothing found: a clear line, no context', async () => {
    const result = await e2e.result({ pbid: 99999 });
    expect(result.readableOutput).toBe('### No model breach with pbid 99999');
    expect(result.outputs ?? undefined).toBeUndefined();
    expect(result.entry.EntryContext).toEqual({});
    expect(e2e.requests().map((r) => r.status)).toEqual([404]);
  });

  it('a bad pbid is a 400 naming it; nothing reaches Darktrace', async () => {
    const res = await e2e.run({ pbid: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'pbid', message: 'pbid: expected an integer, got "x"' }]);
    expect(e2e.received()).toEqual([]);
  });
});
