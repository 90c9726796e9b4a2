import { describe, expect, it } from 'vitest';
import breaches from '../../src/emulator/fixtures/modelbreaches.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-model.js';
import { Model } from '../../src/darktrace/resources/models.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const UUID = 'd04218f3-f67e-4802-9e65-bc6675e5e276';
const ROW = {
  pid: 761, name: 'Testing::Cheese-y DNS', tags: [], componentIds: [2998], mitreTactics: [], uuid: UUID, phid: 1451,
  description: 'DNS lookups for various cheese.com', priority: 3, active: true, modified: '2020-08-07 07:26:34', version: 3,
};

describe('transform (breach 159\'s current model, modelbreaches.json)', () => {
  it('the curated row; component ids from a componentList', () => {
    expect(toOutputs(Model.parse(breaches[0].model.now))).toEqual(ROW);
  });
  it('readable', () => {
    expect(toReadable(ROW)).toBe('### Darktrace model Testing::Cheese-y DNS\n|PID|UUID|Category|Priority|Active|Components|Description|\n'
      + `|---|---|---|---|---|---|---|\n| 761 | ${UUID} |  | 3 | true | 2998 | DNS lookups for various cheese.com |\n`);
  });
});

describeCommandE2E(command, (e2e) => {
  it('by uuid: GET /models?uuid=, keyed by uuid', async () => {
    const result = await e2e.result({ uuid: UUID });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/models', query: `uuid=${UUID}`, body: '' }]);
    expect(result.outputs).toEqual(ROW);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.Model(val.uuid && val.uuid == obj.uuid)': ROW });
    expect(result.readableOutput).toBe(toReadable(ROW));
  });

  it('by pid: GET /models/{pid}, the same model', async () => {
    const result = await e2e.result({ pid: 761 });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/models/761', query: '', body: '' }]);
    expect(result.outputs).toEqual(ROW);
  });

  it('a generated model of the catalogue carries its category and tactics', async () => {
    expect((await e2e.result({ pid: 202 })).outputs).toMatchObject({ name: 'Compromise::Beaconing Activity To External Rare', category: 'Critical', mitreTactics: ['command-and-control'], componentIds: [3202] });
  });

  it('nothing found by uuid ([]) or pid (404): a clear line', async () => {
    expect((await e2e.result({ uuid: '00000000-0000-0000-0000-000000000000' })).readableOutput).toBe('### No model with uuid 00000000-0000-0000-0000-000000000000');
    expect((await e2e.result({ pid: 99999 })).readableOutput).toBe('### No model with pid 99999');
  });

  it('bad arguments: exactly one of uuid or pid; a uuid must be a UUID', async () => {
    for (const args of [{}, { uuid: UUID, pid: 761 }]) {
      const res = await e2e.run(args);
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([{ path: 'uuid', message: 'uuid: give exactly one of uuid or pid' }]);
    }
    const bad = await e2e.run({ uuid: 'nope' });
    expect(bad.body.errors).toEqual([{ path: 'uuid', message: 'uuid: must be a UUID (got "nope")' }]);
    expect(e2e.received()).toEqual([]);
  });
});
