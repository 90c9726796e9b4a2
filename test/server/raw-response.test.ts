// rawResponse is Darktrace's answer byte for byte (README "HTTP API"): for every read command answering from the
// emulator's fixtures, the bytes the endpoint puts in rawResponse (result, full) and entry.Contents (entry, full)
// are exactly the bytes the emulator sent — key order, number formatting and fields the schema does not know
// included — not the parsed answer serialised again.
import { describe, expect, it } from 'vitest';
import { formatDtDate, signature } from '../../src/darktrace/signing.js';
import { useHarness } from '../helpers/harness.js';

/** One GET command call each, on the seeded emulator's data. */
const CASES: Array<[string, Record<string, unknown>]> = [
  ['darktrace-get-similar-devices', { did: 1, max_results: 3 }],
  ['darktrace-get-device-connection-info', { did: 1, data_type: 'co' }],
  ['darktrace-get-external-endpoint-details', { endpoint_type: 'hostname', endpoint_value: 'test.com' }],
  ['darktrace-get-tagged-devices', { tagName: 'Admin' }],
  ['darktrace-get-tags-for-device', { deviceId: '1' }],
  ['darktrace-get-watched-list', {}],
  ['darktrace-get-model-breach', { pbid: 159 }],
  ['darktrace-get-model-breach-comments', { pbid: 158 }],
  ['darktrace-get-model-breach-connections', { pbid: 159, count: 3 }],
  ['darktrace-get-model', { pid: 761 }],
  ['darktrace-get-model-component', { cid: '2998' }],
  ['darktrace-get-respond-summary', {}],
  ['darktrace-get-status', {}],
  ['darktrace-get-summary-statistics', {}],
  ['darktrace-list-respond-actions', { did: '1' }],
  ['darktrace-list-ai-analyst-incident-events', {}],
  ['darktrace-list-ai-analyst-groups', {}],
  ['darktrace-get-ai-analyst-comments', { uuid: '244590d8-4908-4ee2-b89c-4274e388d99e' }],
];

describe('rawResponse is the emulator\'s answer byte for byte', () => {
  // The emulator's clock stands still: /status writes times to the second, and the answer is fetched a second time
  // to compare, so a second boundary between the two fetches would change the bytes, not the endpoint.
  const frozen = Date.now();
  const h = useHarness({ emulator: { now: () => frozen } });

  /** The body the emulator sends for the request the endpoint just made (its record), fetched again directly. */
  async function upstreamBody(): Promise<string> {
    const [sent] = h.emulator.requests;
    expect(sent.method).toBe('GET');
    const target = sent.rawQuery ? `${sent.path}?${sent.rawQuery}` : sent.path;
    const date = formatDtDate(new Date());
    const res = await fetch(`${h.emulatorUrl}${target}`, {
      headers: { 'DTAPI-Token': 'demo-public', 'DTAPI-Date': date, 'DTAPI-Signature': signature('demo-private', 'demo-public', target, date) },
    });
    expect(res.status).toBe(200);
    return res.text();
  }

  it.each(CASES)('%s: rawResponse and entry.Contents carry the upstream bytes in every view', async (command, args) => {
    h.emulator.clearRequests();
    const result = await h.call(command, args, { view: 'result' });
    expect(result.status, result.text).toBe(200);
    expect(h.emulator.requests).toHaveLength(1);
    const upstream = await upstreamBody();
    const [shown] = result.body.results;
    // The result view leaves the raw answer out only when it is the outputs themselves; these commands transform it.
    expect(shown.rawResponse).toEqual(JSON.parse(upstream));
    expect(result.text).toContain(`"rawResponse":${upstream}}`);

    const entry = await h.call(command, args, { view: 'entry' });
    expect(entry.text).toContain(`"Contents":${upstream},"HumanReadable":`);
    expect(entry.body.results[0].entry.Contents).toEqual(JSON.parse(upstream));

    const full = await h.call(command, args, { view: 'full' });
    expect(full.text).toContain(`"rawResponse":${upstream},"entry":{"Type":1,"ContentsFormat":"json","Contents":${upstream},"HumanReadable":`);
    // Everything else in the answer is as it was: the parsed values, in the documented order.
    expect(Object.keys(full.body.results[0])).toEqual(['outputsPrefix', 'outputsKeyField', 'outputs', 'readableOutput', 'rawResponse', 'entry']);
    expect(Object.keys(full.body.results[0].entry)).toEqual(['Type', 'ContentsFormat', 'Contents', 'HumanReadable', 'ReadableContentsFormat', 'EntryContext', 'IndicatorTimeline', 'IgnoreAutoExtract', 'Note', 'Relationships']);
  });
});
