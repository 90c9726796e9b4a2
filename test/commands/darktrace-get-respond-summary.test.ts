import { describe, expect, it } from 'vitest';
import fixture from '../../src/emulator/fixtures/darktrace-extended/antigena_summary.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-respond-summary.js';
import { RespondSummary } from '../../src/darktrace/resources/antigena.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { describeCommandE2E } from '../helpers/e2e.js';

describe('transform (antigena_summary.json)', () => {
  it('counts are actions, the lists device ids (8 pending actions on one device)', () => {
    const row = toOutputs(RespondSummary.parse(fixture.response));
    expect(row).toEqual({ pendingCount: 8, activeCount: 29, pendingActionDevices: [11], activeActionDevices: [123, 551, 202, 6, 1301] });
    expect(toReadable(row)).toBe('### Darktrace RESPOND summary\n|State|Actions|Devices|\n|---|---|---|\n| pending | 8 | 11 |\n| active | 29 | 123, 551, 202, 6, 1301 |\n');
  });
});

describeCommandE2E(command, (e2e) => {
  it('GET /antigena/summary: the emulator\'s pending and active actions', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/antigena/summary', query: '', body: '' }]);
    const slice = e2e.h.emulator.state.slice(AntigenaSlice);
    const pending = [...slice.actions.values()].filter((a) => slice.state(a) === 'pending');
    expect(result.outputsPrefix).toBe('Darktrace.RespondSummary');
    expect(result.outputs).toMatchObject({ pendingCount: pending.length, pendingActionDevices: [...new Set(pending.map((a) => a.did))] });
    expect(result.outputs.pendingActionDevices).toContain(1);
    expect(result.readableOutput).toMatch(/^### Darktrace RESPOND summary\n\|State\|Actions\|Devices\|\n\|---\|---\|---\|\n\| pending \| \d+ \| .*1/);
  });

  it('a window: sent as a starttime/endtime pair in ms; no pending actions, as Darktrace reports them', async () => {
    const result = await e2e.result({ start_time: '2020-02-18', end_time: '2020-02-19T00:00:00Z' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/antigena/summary', query: 'starttime=1581984000000&endtime=1582070400000', body: '' }]);
    expect(result.outputs).toEqual({ pendingCount: 0, activeCount: 2, pendingActionDevices: [], activeActionDevices: [316, 79], startTime: '2020-02-18T00:00:00.000Z', endTime: '2020-02-19T00:00:00.000Z' });
    expect(result.readableOutput).toBe('### Darktrace RESPOND summary (2020-02-18T00:00:00.000Z to 2020-02-19T00:00:00.000Z)\nWith a time window Darktrace reports no pending actions.\n|State|Actions|Devices|\n|---|---|---|\n| pending | 0 |  |\n| active | 2 | 316, 79 |\n');
  });

  it('bad arguments: a 400 naming each, nothing sent', async () => {
    const bad = await e2e.run({ start_time: '2020-13-01', end_time: '2020-01-01' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toEqual([{ path: 'start_time', message: 'start_time: must be epoch milliseconds or an ISO 8601 date/time such as 2024-01-15T12:00:00Z (got "2020-13-01")' }]);
    const reversed = await e2e.run({ start_time: '2020-02-02', end_time: '2020-01-01' });
    expect(reversed.body.errors).toEqual([{ path: 'end_time', message: 'end_time: must not be before start_time' }]);
    expect(e2e.received()).toEqual([]);
  });
});
