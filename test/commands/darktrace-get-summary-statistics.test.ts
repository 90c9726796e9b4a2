import { describe, expect, it } from 'vitest';
import base from '../../src/emulator/fixtures/darktrace-extended/summarystatistics.json' with { type: 'json' };
import csensor from '../../src/emulator/fixtures/darktrace-extended/summarystatistics_csensor.json' with { type: 'json' };
import eventtype from '../../src/emulator/fixtures/darktrace-extended/summarystatistics_eventtype.json' with { type: 'json' };
import mitre from '../../src/emulator/fixtures/darktrace-extended/summarystatistics_mitretactics.json' with { type: 'json' };
import command, { toOutputs, toReadable } from '../../commands/darktrace-get-summary-statistics.js';
import { SummaryStatistics } from '../../src/darktrace/resources/summarystatistics.js';
import { describeCommandE2E } from '../helpers/e2e.js';

const parse = (f: { response: unknown }) => SummaryStatistics.parse(f.response);

describe('transform (the four shapes)', () => {
  it('default: counts, device counts and daily bandwidth in ISO, with a sparkline', () => {
    const row = toOutputs(parse(base));
    expect(row).toMatchObject({ kind: 'summary', usercredentialcount: 82, subnets: 23, patterns: 3278640, antigenaDevices: 4, antigenaActions: 5 });
    expect(row.bandwidth?.[0]).toEqual({ time: '2023-11-14T11:40:00.000Z', kb: 116493095 });
    expect(toReadable(row)).toBe(
      '### Darktrace summary statistics\n|Devices|Clients|Servers|Licensed IPs|Credentials|Subnets|Patterns|RESPOND devices (7 d)|RESPOND actions (7 d)|\n|---|---|---|---|---|---|---|---|---|\n'
      + '| 519 | 285 | 87 | 249 | 82 | 23 | 3278640 | 4 | 5 |\n'
      + '### Bandwidth per day\n|From|To|Points|Total|Peak kb|Trend|\n|---|---|---|---|---|---|\n'
      + '| 2023-11-14T11:40:00.000Z | 2023-11-17T11:40:00.000Z | 4 | 770979730 | 455956196 at 2023-11-15T11:40:00.000Z | ▁█▁▁ |\n',
    );
  });
  it('eventtype, csensor and mitreTactics shapes', () => {
    expect(toOutputs(parse(eventtype), 'loginput')).toEqual({ kind: 'events', eventType: 'loginput', events: [
      { time: '2021-03-30T12:00:00.000Z', events: 2736675 }, { time: '2021-03-30T13:00:00.000Z', events: 2859475 }, { time: '2021-03-30T14:00:00.000Z', events: 2790112 },
    ] });
    expect(toOutputs(parse(csensor))).toMatchObject({ kind: 'csensorBandwidth', bandwidth: [{ time: '2022-10-20T11:30:00.000Z', kb: 136233222 }, {}, {}] });
    const tactics = toOutputs(parse(mitre));
    expect(tactics).toMatchObject({ kind: 'mitreTactics', modelCount: 5104, totalCount: 113931648, startTime: '2022-10-20T12:00:00.000Z' });
    expect(toReadable(tactics)).toContain('| Lateral Movement | 99761956 | 71360 | 314 | 438975 |');
  });
});

describeCommandE2E(command, (e2e) => {
  it('default: GET /summarystatistics with no parameters', async () => {
    const result = await e2e.result({});
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/summarystatistics', query: '', body: '' }]);
    expect(result.outputsPrefix).toBe('Darktrace.SummaryStatistics');
    expect(result.outputs).toEqual(toOutputs(parse(base)));
  });

  it('event_type with to: 28 days of hourly counts, the captured loginput hours among them', async () => {
    const result = await e2e.result({ event_type: 'loginput', to: '2021-03-30T15:00:00' });
    expect(e2e.received()).toEqual([{ method: 'GET', path: '/summarystatistics', query: 'eventtype=loginput&to=2021-03-30%2015%3A00%3A00', body: '' }]);
    expect(result.outputs.events).toHaveLength(28 * 24);
    expect(result.outputs.events.slice(-3)).toEqual(toOutputs(parse(eventtype)).events);
    expect(result.readableOutput).toMatch(/^### Darktrace loginput events per hour\n\|From\|To\|Points\|Total\|Peak events\|Trend\|\n/);
  });

  it('mitre_tactics and csensor: the other shapes', async () => {
    expect((await e2e.result({ mitre_tactics: true })).outputs.kind).toBe('mitreTactics');
    expect(e2e.received()[0].query).toBe('mitreTactics=true');
    expect((await e2e.result({ csensor: 'true' })).outputs.kind).toBe('csensorBandwidth');
    expect(e2e.received()[0].query).toBe('csensor=true');
  });

  it('hours is refused with the reason; the modifiers are exclusive; an end needs event_type; nothing sent', async () => {
    const hours = await e2e.run({ event_type: 'network', hours: 3 });
    expect(hours.status).toBe(400);
    expect(hours.body.errors).toEqual([{ path: 'hours', message: 'hours: is not supported: Darktrace 7.x appliances answer HTTP 400 (INPUT ERROR) to any summary statistics request with hours. Give event_type with end_time or to instead (28 days of hourly counts before that end).' }]);
    const both = await e2e.run({ event_type: 'network', mitre_tactics: true });
    expect(both.body.errors).toEqual([{ path: 'mitre_tactics', message: 'mitre_tactics: cannot be combined with event_type: Darktrace takes only one of event_type, csensor and mitre_tactics' }]);
    const end = await e2e.run({ end_time: '2024-01-01' });
    expect(end.body.errors).toEqual([{ path: 'end_time', message: 'end_time: needs event_type (Darktrace ignores an end without it)' }]);
    const type = await e2e.run({ event_type: 'saasdevicedetails' });
    expect(type.body.errors[0].message).toMatch(/^event_type: must be one of saas, csensor, network, loginput, notices, devicedetails, modelevents, saasnotices, saasmodelevents, csensornotices/);
    expect(e2e.received()).toEqual([]);
  });

  it('the emulator answers hours as a 7.x appliance does', async () => {
    const { call } = await import('../emulator/helpers.js');
    const res = await call(e2e.h.emulatorUrl, '/summarystatistics?eventtype=network&hours=3', { date: new Date().toISOString().slice(0, 19) + '+00:00' } as never);
    expect([res.status, res.json()]).toEqual([400, { summarystatistics: 'INPUT ERROR' }]);
  });
});
