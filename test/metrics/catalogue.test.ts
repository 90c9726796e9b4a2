import { describe, expect, it } from 'vitest';
import { CatalogueCache, closestNames, MetricCatalogue, MetricInfoSchema, MetricListOrOneSchema, MetricListSchema, metricListReadable } from '../../src/metrics/index.js';
import { catalogue, fixture } from './helpers.js';

describe('MetricCatalogue', () => {
  it('parses /metrics and /metrics/{mlid} (fixtures), keeping unknown keys', () => {
    const list = MetricListSchema.parse(fixture('metrics_list').response);
    expect(list.map((m) => [m.mlid, m.name])).toEqual([
      [1, 'externalconnections'], [4, 'internaldatatransfervolume'], [13, 'multicasts'], [16, 'connections'], [17, 'datatransfervolume'], [291, 'smbmovesuccess'],
    ]);
    const one = MetricInfoSchema.parse(fixture('metrics_mlid_13').response);
    expect(one).toMatchObject({ mlid: 13, name: 'multicasts', label: 'Multicasts', units: '', unitsinterval: 3600, lengthscale: 9999960 });
    expect(one.set).toBeUndefined();
    expect(MetricInfoSchema.parse({ mlid: '5', name: 'x', future: 1 })).toEqual({ mlid: 5, name: 'x', future: 1 });
  });

  it('units: "bytes" stays, "" is a count; labels as given', () => {
    const c = catalogue();
    expect([c.unitOf('datatransfervolume'), c.unitOf('connections'), c.unitOf('nope')]).toEqual(['bytes', 'count', undefined]);
    expect(c.labelOf('smbmovesuccess')).toBe('SMB Move Success');
    expect(new MetricCatalogue([{ mlid: 1, name: 'x', label: null }]).labelOf('x')).toBeUndefined();
  });
});

describe('CatalogueCache', () => {
  const metrics = [{ mlid: 1, name: 'connections' }];

  it('10-minute TTL per instance, on an injected clock', async () => {
    let clock = 0;
    let loads = 0;
    const cache = new CatalogueCache({ now: () => clock });
    const load = async () => {
      loads++;
      return metrics;
    };
    const a = await cache.get('prod', load);
    clock = 599_999;
    expect(await cache.get('prod', load)).toBe(a);
    expect(await cache.get('lab', load)).not.toBe(a); // another instance, its own entry
    expect(loads).toBe(2);
    clock = 600_000;
    expect(await cache.get('prod', load)).not.toBe(a);
    expect(loads).toBe(3);
  });

  it('concurrent callers share one load; a failure is not cached', async () => {
    let loads = 0;
    const cache = new CatalogueCache({ now: () => 0 });
    let fail = true;
    const load = async () => {
      loads++;
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error('Darktrace is down');
      return metrics;
    };
    const key = {};
    await expect(Promise.all([cache.get(key, load), cache.get(key, load)])).rejects.toThrow('Darktrace is down');
    expect(loads).toBe(1);
    fail = false;
    const [a, b] = await Promise.all([cache.get(key, load), cache.get(key, load)]);
    expect(a).toBe(b);
    expect(loads).toBe(2);
  });

  it('an expired catalogue is reloaded; if that fails, the next call tries again', async () => {
    let clock = 0;
    const cache = new CatalogueCache({ now: () => clock });
    await cache.get('i', async () => metrics);
    clock = 700_000;
    await expect(cache.get('i', async () => Promise.reject(new Error('timeout')))).rejects.toThrow('timeout');
    const fresh = await cache.get('i', async () => [{ mlid: 2, name: 'multicasts' }]);
    expect(fresh.has('multicasts')).toBe(true);
    cache.invalidate('i');
    expect((await cache.get('i', async () => metrics)).has('connections')).toBe(true);
  });
});

describe('closestNames', () => {
  const c = catalogue().metrics;

  it('typos, labels and other products\' names find the system name', () => {
    expect(closestNames('conections', c)).toEqual(['connections']);
    expect(closestNames('Multicast', c)).toEqual(['multicasts']);
    expect(closestNames('SMB Move Success', c)).toEqual(['smbmovesuccess']);
    expect(closestNames('external-connections', c)).toEqual(['externalconnections', 'connections', 'internalconnections']);
  });

  it('nothing close, nothing suggested; at most `limit`', () => {
    expect(closestNames('bandwidth', c)).toEqual([]);
    expect(closestNames('x'.repeat(101), c)).toEqual([]);
    expect(closestNames('connections', c, 1)).toEqual(['connections']);
  });
});

describe('darktrace-list-metrics pieces', () => {
  it('the list and the single-object answer both become a list', () => {
    expect(MetricListOrOneSchema.parse(fixture('metrics_list').response)).toHaveLength(6);
    expect(MetricListOrOneSchema.parse(fixture('metrics_mlid_13').response).map((m) => m.name)).toEqual(['multicasts']);
  });

  it('readable: one row per metric, units "" shown as count, filter types counted', () => {
    expect(metricListReadable(MetricListOrOneSchema.parse(fixture('metrics_list').response))).toBe([
      '### Darktrace metrics (6)',
      '|mlid|Name|Label|Units|Set|Filters|',
      '|---|---|---|---|---|---|',
      '| 1 | externalconnections | External Connections | count | A | 9 |',
      '| 4 | internaldatatransfervolume | Internal Data Transfer | bytes | A | 10 |',
      '| 13 | multicasts | Multicasts | count | A | 21 |',
      '| 16 | connections | Connections | count | A | 9 |',
      '| 17 | datatransfervolume | Data Transfer | bytes | A | 10 |',
      '| 291 | smbmovesuccess | SMB Move Success | count | A | 4 |',
      '',
    ].join('\n'));
    expect(metricListReadable(MetricListOrOneSchema.parse(fixture('metrics_mlid_13').response))).toContain('| 13 | multicasts | Multicasts | count | 21 |');
  });
});
