import { describe, expect, it } from 'vitest';
import breaches from '../../src/emulator/fixtures/modelbreaches.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-model-component.js';
import { Component } from '../../src/darktrace/resources/models.js';
import { componentView } from '../../src/emulator/resources/models/index.js';
import type { JsonObject } from '../../src/emulator/types.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const ROW = {
  cid: 2998, chid: 4199, metricId: 11, threshold: 0, interval: 120, active: true, logic: { data: { left: 'A' }, version: 'v0.1' },
  filters: [{ id: 'A', filterType: 'DNS host lookup', comparator: 'contains', value: 'cheese.com' }],
};

describe('transform (breach 159\'s triggered component as a component)', () => {
  it('filters with their argument as text', () => {
    const triggered = breaches[0].triggeredComponents[0] as unknown as JsonObject;
    expect(toOutputs(Component.parse(componentView(triggered)))).toEqual(ROW);
  });
  it('readable: one row per filter, the metric and threshold above', () => {
    expect(toReadable(ROW)).toBe('### Darktrace model component 2998\nMetric 11, threshold 0, interval 120 s\n|Filter|Type|Comparator|Value|\n'
      + '|---|---|---|---|\n| A | DNS host lookup | contains | cheese.com |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('GET /components/2998, keyed by cid', async () => {
    const result = await e2e.result({ cid: '2998' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/components/2998', query: '', body: '' }]);
    expect(result.outputs).toEqual(ROW);
    expect(result.entry.EntryContext).toEqual({ 'Darktrace.ModelComponent(val.cid && val.cid == obj.cid)': ROW });
    expect(result.readableOutput).toBe(toReadable(ROW));
  });

  it('the component ids of darktrace-get-model lead here', async () => {
    const model = (await e2e.h.call('darktrace-get-model', { pid: 207 })).body.results[0].outputs;
    const result = await e2e.result({ cid: model.componentIds[0] });
    expect(result.outputs.filters).toEqual([
      { id: 'A', filterType: 'Unique files', comparator: '>', value: '100' },
      { id: 'd1', filterType: 'Message', comparator: 'display' },
    ]);
  });

  it('nothing found: a clear line', async () => {
    expect((await e2e.result({ cid: 1 })).readableOutput).toBe('### No model component with cid 1');
  });

  it('a bad cid is a 400 naming it', async () => {
    const res = await e2e.run({ cid: '2.5' });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'cid', message: 'cid: expected an integer, got "2.5"' }]);
  });
});
