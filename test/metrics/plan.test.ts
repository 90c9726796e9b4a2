// Bad input: every problem named by its argument, before anything is sent.
import { describe, expect, it } from 'vitest';
import { planMetricQueries, type MetricDataArgs } from '../../src/metrics/index.js';
import { catalogue, NOW, plan, wire } from './helpers.js';

const errorsOf = (args: MetricDataArgs, now = NOW) => {
  const result = planMetricQueries(args, { now, catalogue: catalogue() });
  if (result.ok) throw new Error('expected errors');
  return result.errors;
};

describe('metric / metrics', () => {
  it('both → 400 saying so', () => {
    expect(errorsOf({ metric: 'connections', metrics: ['connections'] })).toEqual([
      { path: 'metric', message: 'metric: metric and metrics were both given; give only one (metric for one name, metrics for a list)' },
    ]);
  });

  it('neither → 400 saying so', () => {
    expect(errorsOf({})).toEqual([
      { path: 'metric', message: 'metric: neither metric nor metrics was given; give metric (one name) or metrics (a list of names)' },
    ]);
  });

  it('a comma list in metric is refused, pointing at metrics', () => {
    expect(errorsOf({ metric: 'connections,externalconnections' })).toEqual([{
      path: 'metric',
      message: 'metric: takes one metric name, got "connections,externalconnections"; for several use metrics (they are sent as metric1, metric2, …)',
    }]);
  });

  it('an unknown metric → the closest catalogue names', () => {
    expect(errorsOf({ metric: 'conections' })).toEqual([
      { path: 'metric', message: 'metric: unknown metric "conections"; closest in the catalogue: connections' },
    ]);
    expect(errorsOf({ metrics: ['connections', 'ExternalConnections'] })).toEqual([{
      path: 'metrics',
      message: 'metrics: unknown metric "ExternalConnections"; closest in the catalogue: externalconnections, connections, internalconnections',
    }]);
    expect(errorsOf({ metric: 'Data_Transfer' })[0].message).toBe('metric: unknown metric "Data_Transfer"; closest in the catalogue: datatransfervolume, internaldatatransfervolume');
  });

  it('an unknown metric with nothing close says where the list is', () => {
    expect(errorsOf({ metric: 'bandwidth' })).toEqual([
      { path: 'metric', message: 'metric: unknown metric "bandwidth"; none of the 7 catalogue metrics is close (darktrace-list-metrics lists them)' },
    ]);
  });

  it('without a catalogue names are sent unchecked, but must look like names', () => {
    const unchecked = planMetricQueries({ metric: 'anything' }, { now: NOW });
    expect(unchecked.ok).toBe(true);
    const bad = planMetricQueries({ metric: 'two words' }, { now: NOW });
    expect(bad).toEqual({ ok: false, errors: [{ path: 'metric', message: 'metric: "two words" is not a metric name (system names are letters and digits, e.g. connections)' }] });
  });

  it('duplicates are sent once; more than 10 metrics are refused', () => {
    expect(wire(plan({ metrics: ['connections', 'multicasts', 'connections'], start_time: 1705305600000, end_time: 1705309200000 }))).toEqual([
      'metric1=connections&metric2=multicasts&starttime=1705305600000&endtime=1705309200000&interval=300',
    ]);
    const many = Array.from({ length: 11 }, (_, i) => `m${i}`);
    expect(planMetricQueries({ metrics: many }, { now: NOW })).toEqual({ ok: false, errors: [{ path: 'metrics', message: 'metrics: at most 10 metrics per call, got 11' }] });
  });
});

describe('interval', () => {
  it('labels and seconds', () => {
    const seconds = (interval: string | number) => plan({ metric: 'connections', interval, start_time: '1 hour ago' }).interval;
    expect(seconds('15min')).toEqual({ seconds: 900, label: '15min' });
    expect(seconds('1HOUR')).toEqual({ seconds: 3600, label: '1hour' });
    expect(seconds('7day')).toEqual({ seconds: 604_800, label: '7day' });
    expect(seconds('300')).toEqual({ seconds: 300, label: '5min' });
    expect(seconds(5400)).toEqual({ seconds: 5400, label: '90min' });
    expect(plan({ metric: 'connections' }).interval).toEqual({ seconds: 300, label: '5min' }); // default
  });

  it('a label outside the list → the list', () => {
    expect(errorsOf({ metric: 'connections', interval: '5mins' })).toEqual([{
      path: 'interval',
      message: 'interval: "5mins" is not an interval; use whole seconds (e.g. 300) or one of 1min, 5min, 15min, 30min, 1hour, 2hour, 6hour, 12hour, 1day, 7day',
    }]);
    expect(errorsOf({ metric: 'connections', interval: '2.5' })[0].message).toMatch(/^interval: "2.5" is not an interval; use whole seconds/);
  });

  it('shorter than the appliance\'s minute → refused', () => {
    expect(errorsOf({ metric: 'connections', interval: 30 })).toEqual([
      { path: 'interval', message: "interval: 30 seconds is shorter than the appliance's 60-second buckets; use 60 (1min) or more" },
    ]);
  });

  it('over 10,000 buckets → the smallest interval that fits', () => {
    expect(errorsOf({ metric: 'connections', interval: '1min', start_time: '7 days ago' })).toEqual([{
      path: 'interval',
      message: 'interval: 1min over 2024-01-08T12:00:00.000Z – 2024-01-15T12:00:00.000Z is 10,080 buckets, more than the 10,000 allowed; the smallest interval that fits is 5min (2,016 buckets), or shorten the window',
    }]);
    expect(errorsOf({ metric: 'connections', interval: '1hour', start_time: '2 years ago' })[0].message)
      .toBe('interval: 1hour over 2022-01-15T12:00:00.000Z – 2024-01-15T12:00:00.000Z is 17,520 buckets, more than the 10,000 allowed; the smallest interval that fits is 2hour (8,760 buckets), or shorten the window');
    // Exactly 10,000 is fine.
    expect(planMetricQueries({ metric: 'connections', interval: '1min', start_time: NOW - 10_000 * 60_000 }, { now: NOW }).ok).toBe(true);
  });
});

describe('times', () => {
  const window = (args: Partial<MetricDataArgs>) => {
    const p = plan({ metric: 'connections', interval: '1hour', ...args });
    return [new Date(p.start).toISOString(), new Date(p.end).toISOString()];
  };

  it('default: the last hour; only a start: until now; only an end: the hour before it', () => {
    expect(window({})).toEqual(['2024-01-15T11:00:00.000Z', '2024-01-15T12:00:00.000Z']);
    expect(window({ start_time: '3 hours ago' })).toEqual(['2024-01-15T09:00:00.000Z', '2024-01-15T12:00:00.000Z']);
    expect(window({ end_time: '2024-01-10T06:00:00Z' })).toEqual(['2024-01-10T05:00:00.000Z', '2024-01-10T06:00:00.000Z']);
  });

  it('epoch ms (number or digits, as for every start_time), ISO with offset, Darktrace\'s spaced form, relative', () => {
    expect(window({ start_time: 1705305600000, end_time: '1705309200000' })).toEqual(['2024-01-15T08:00:00.000Z', '2024-01-15T09:00:00.000Z']);
    expect(window({ start_time: '2024-01-15T08:00:00Z', end_time: '2024-01-15T10:00:00+01:00' })).toEqual(['2024-01-15T08:00:00.000Z', '2024-01-15T09:00:00.000Z']);
    expect(window({ start_time: '1705305600', end_time: '1705309200' })).toEqual(['1970-01-20T17:41:45.600Z', '1970-01-20T17:41:49.200Z']);
    expect(window({ start_time: '2024-01-15 08:00:00', end_time: '30 minutes ago' })).toEqual(['2024-01-15T08:00:00.000Z', '2024-01-15T11:30:00.000Z']);
    expect(window({ start_time: '2024-01-14', end_time: 'now' })).toEqual(['2024-01-14T00:00:00.000Z', '2024-01-15T12:00:00.000Z']);
    expect(window({ start_time: '1 week ago', end_time: '2 days ago' })).toEqual(['2024-01-08T12:00:00.000Z', '2024-01-13T12:00:00.000Z']);
  });

  it('start must be before end, and in the past', () => {
    expect(errorsOf({ metric: 'connections', start_time: '1 hour ago', end_time: '2 hours ago' })).toEqual([{
      path: 'end_time',
      message: 'end_time: the window must end after it starts: start_time 2024-01-15T11:00:00.000Z is not before end_time 2024-01-15T10:00:00.000Z',
    }]);
    expect(errorsOf({ metric: 'connections', start_time: '2024-02-01' })).toEqual([{
      path: 'start_time', message: 'start_time: 2024-02-01T00:00:00.000Z is not in the past (now is 2024-01-15T12:00:00.000Z); there is no data after now',
    }]);
  });

  it('around: the hour before to the hour after, clipped to now; not with start_time/end_time, not in the future', () => {
    expect(window({ around: '2024-01-14T08:30:00Z' })).toEqual(['2024-01-14T07:30:00.000Z', '2024-01-14T09:30:00.000Z']);
    expect(window({ around: Date.UTC(2024, 0, 15, 11, 30) })).toEqual(['2024-01-15T10:30:00.000Z', '2024-01-15T12:00:00.000Z']);
    expect(window({ around: '2 hours ago' })).toEqual(['2024-01-15T09:00:00.000Z', '2024-01-15T11:00:00.000Z']);
    expect(window({ around: '' })).toEqual(['2024-01-15T11:00:00.000Z', '2024-01-15T12:00:00.000Z']);
    expect(errorsOf({ metric: 'connections', around: '2 hours ago', start_time: '3 hours ago' })).toEqual([{
      path: 'around',
      message: 'around: around and start_time/end_time were both given; give around (the hour either side of a time) or a start_time/end_time window',
    }]);
    expect(errorsOf({ metric: 'connections', around: '2024-01-16' })).toEqual([{
      path: 'around', message: 'around: 2024-01-16T00:00:00.000Z is in the future (now is 2024-01-15T12:00:00.000Z); there is no data after now',
    }]);
    expect(errorsOf({ metric: 'connections', around: 'teatime' })[0].message).toMatch(/^around: "teatime" is not a time; use epoch milliseconds/);
  });

  it('unparseable times name the argument and the accepted forms', () => {
    expect(errorsOf({ metric: 'connections', start_time: 'yesterday-ish', end_time: '2024-02-30' })).toEqual([
      {
        path: 'start_time',
        message: 'start_time: "yesterday-ish" is not a time; use epoch milliseconds (e.g. 1582900140000), an ISO date or datetime (2020-02-28T14:29:00Z; UTC unless it has an offset) or a relative time ("2 hours ago", "30 minutes", "now")',
      },
      { path: 'end_time', message: expect.stringMatching(/^end_time: "2024-02-30" is not a time; use epoch milliseconds/) },
    ]);
    expect(errorsOf({ metric: 'connections', start_time: '3 fortnights ago' })[0].message).toMatch(/^start_time: "3 fortnights ago" has an unknown time unit "fortnights"; use/);
    expect(errorsOf({ metric: 'connections', end_time: '999999999999999' })[0].message).toMatch(/^end_time: "999999999999999" is outside 1970–9999; use/);
    expect(errorsOf({ metric: 'connections', start_time: '60 years ago' })[0].message).toMatch(/^start_time: "60 years ago" is outside 1970–9999; use/);
  });
});

describe('devices, filters', () => {
  it('did and devices together are refused; device ids must be whole numbers', () => {
    expect(errorsOf({ metric: 'connections', did: 1, devices: [2, 3] })).toEqual([
      { path: 'devices', message: 'devices: did and devices were both given; give did for one device or devices for several' },
    ]);
    expect(errorsOf({ metric: 'connections', devices: ['1', 'host-a'] })).toEqual([
      { path: 'devices', message: 'devices: "host-a" is not a device id (did): use whole numbers, e.g. 1,5,12' },
    ]);
    expect(errorsOf({ metric: 'connections', devices: Array.from({ length: 51 }, (_, i) => i) })).toEqual([
      { path: 'devices', message: 'devices: at most 50 devices per call, got 51' },
    ]);
  });

  it('protocol by name or number, sent as the number', () => {
    expect(wire(plan({ metric: 'connections', protocol: 'TCP', start_time: 1705305600000, end_time: 1705309200000 }))).toEqual([
      'metric=connections&protocol=6&starttime=1705305600000&endtime=1705309200000&interval=300',
    ]);
    expect(errorsOf({ metric: 'connections', protocol: 'smtp' })).toEqual([{
      path: 'protocol',
      message: 'protocol: "smtp" is not an IP protocol; use its number (0-255, e.g. 6 for TCP) or one of icmp, igmp, tcp, udp, gre, esp, ah, icmpv6, sctp',
    }]);
  });

  it('every filter in the order documented, booleans lowercase, false ones left out', () => {
    expect(wire(plan({
      metric: 'connections', did: 10, ddid: 11, odid: 12, port: 443, sourceport: 50000, destinationport: 443, protocol: 17,
      applicationprotocol: 'HTTPS', start_time: 1705305600000, end_time: 1705309200000, interval: '1min', breachtimes: true, fulldevicedetails: true,
    }))).toEqual([
      'metric=connections&did=10&ddid=11&odid=12&port=443&sourceport=50000&destinationport=443&protocol=17&applicationprotocol=HTTPS' +
      '&starttime=1705305600000&endtime=1705309200000&interval=60&breachtimes=true&fulldevicedetails=true',
    ]);
    expect(wire(plan({ metric: 'connections', start_time: 1705305600000, end_time: 1705309200000, breachtimes: false, fulldevicedetails: false }))).toEqual([
      'metric=connections&starttime=1705305600000&endtime=1705309200000&interval=300',
    ]);
  });

  it('all problems at once', () => {
    expect(errorsOf({ metric: 'nope', interval: 'hourly', start_time: 'soon', protocol: 'x' }).map((e) => e.path)).toEqual(['metric', 'interval', 'start_time', 'protocol']);
  });
});

describe('echoed input is cut short', () => {
  it('a huge metric name or device id does not come back whole', () => {
    const huge = 'a'.repeat(100_000);
    expect(errorsOf({ metric: huge })).toEqual([
      { path: 'metric', message: `metric: "${'a'.repeat(57)}..." is not a metric name (system names are letters and digits, e.g. connections)` },
    ]);
    expect(errorsOf({ metric: 'connections', devices: [`x${huge}`] })[0].message).toHaveLength(`devices: "x${'a'.repeat(56)}..." is not a device id (did): use whole numbers, e.g. 1,5,12`.length);
    expect(errorsOf({ metric: 'connections', applicationprotocol: huge })).toEqual([{ path: 'applicationprotocol', message: 'applicationprotocol: must be at most 100 characters' }]);
  });
});

describe('numeric filters', () => {
  it('ports 0-65535, device ids whole and not negative', () => {
    expect(errorsOf({ metric: 'connections', port: 70_000, odid: -1, ddid: 1.5 })).toEqual([
      { path: 'ddid', message: 'ddid: 1.5 is not a device id: use a whole number, 0 or more' },
      { path: 'odid', message: 'odid: -1 is not a device id: use a whole number, 0 or more' },
      { path: 'port', message: 'port: 70000 is not a port: use a whole number from 0 to 65535' },
    ]);
  });
});
