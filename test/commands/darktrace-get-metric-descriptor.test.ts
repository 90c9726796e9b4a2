import { beforeAll, expect, it } from 'vitest';
import getCommand from '../../commands/darktrace-get-metric-descriptor.js';
import listCommand from '../../commands/darktrace-list-metric-descriptors.js';
import { apiKey } from '../../src/server/auth.js';
import { describeCommandE2E } from '../helpers/e2e.js';
import { CONNECTIONS, freshConnections } from './descriptor-fixture.js';

const NO_VIEW = 'test-read-noview-0123456789';
const keys = [apiKey(NO_VIEW, 'read', ['submitMetric'])];

const READABLE_ROW = '| 1 | deviceConnections | Connections per device and destination | did (integer), dst (ip) | bytes (sum), latency (wavg by bytes) | 1 minutes | last | read viewMetric, write submitMetric, admin adminMetric |  |';

describeCommandE2E(getCommand, { apiKeys: keys }, (e2e) => {
  let id: number;
  beforeAll(async () => { id = (await freshConnections(await e2e.h.store())).id; });

  it('by shortName or id: the descriptor with ISO times, and a table', async () => {
    const r = await e2e.result({ descriptor: 'deviceConnections' });
    expect(r.outputsPrefix).toBe('Darktrace.MetricDescriptor');
    expect(r.outputs).toEqual({
      ...CONNECTIONS, id, values: [{ name: 'bytes', defaultAggregationFunction: 'sum' }, CONNECTIONS.values[1]],
      createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), updatedAt: expect.stringMatching(/Z$/),
    });
    expect(r.readableOutput).toBe([
      '### Metric descriptor deviceConnections',
      '|ID|Short name|Description|Keys|Values|Time frame|Deduplication|Functions|Source|',
      '|---|---|---|---|---|---|---|---|---|',
      READABLE_ROW.replace('| 1 |', `| ${id} |`),
      '',
    ].join('\n'));
    expect((await e2e.result({ descriptor: String(id) })).outputs.shortName).toBe('deviceConnections');
    expect(e2e.received()).toEqual([]);
  });

  it('without viewMetric: 403 naming it; unknown: 404', async () => {
    const refused = await e2e.run({ descriptor: 'deviceConnections' }, { key: NO_VIEW });
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('This API key lacks the function grant "viewMetric" that this request needs.');
    const missing = await e2e.run({ descriptor: '4242' });
    expect(missing.status).toBe(404);
    expect(missing.body.detail).toBe('No metric descriptor has id 4242.');
  });
});

describeCommandE2E(listCommand, { apiKeys: keys }, (e2e) => {
  beforeAll(async () => {
    const store = await e2e.h.store();
    await freshConnections(store);
    await store.createDescriptor({ ...CONNECTIONS, shortName: 'dnsQueries', description: 'DNS queries', readFunction: 'viewDns' });
  });

  it('only the descriptors whose readFunction the key holds, by keyword', async () => {
    const r = await e2e.result({});
    expect(r.outputs.map((d: { shortName: string }) => d.shortName)).toEqual(['deviceConnections']);
    expect(r.readableOutput.split('\n')[0]).toBe('### Metric descriptors (1)');
    expect(r.rawResponse).toMatchObject({ count: 1, offset: 0, limit: 25 });
    const none = await e2e.result({ keywords: 'dns' });
    expect(none.readableOutput).toBe('### No metric descriptors match dns');
    expect(none.outputs).toBeNull();
    const other = await e2e.result({ keywords: 'DEVICE,nothing', match: 'any' });
    expect(other.outputs).toHaveLength(1);
    expect((await e2e.result({}, { key: NO_VIEW })).rawResponse).toEqual({ count: 0, offset: 0, limit: 25, data: [] });
  });

  it('limit and offset page; a bad limit is a 400 naming it', async () => {
    const store = await e2e.h.store();
    await store.createDescriptor({ ...CONNECTIONS, shortName: 'more' });
    const page = await e2e.result({ limit: '1', offset: '1' });
    expect(page.outputs.map((d: { shortName: string }) => d.shortName)).toEqual(['more']);
    expect(page.readableOutput.split('\n')[0]).toBe('### Metric descriptors (1 of 2, from #2)');
    const bad = await e2e.run({ limit: '0' });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('limit');
  });
});
