// The collector's `metrics` source against the emulator over HTTP: one cycle function driven with a chosen clock
// (two cycles: exact /metricdata requests, exact records, no gap and no overlap between the windows, a crash before
// the state is saved re-reads the window and stores nothing twice, unfit descriptors skipped with the reason), then
// `darktrace-soar collect --sources metrics` as a user runs it (progress line, state file, store file, the crash
// replayed by putting the previous state file back).
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { collectMetricsCycle, type MetricsSourceState } from '../../src/collection/metrics-source.js';
import { DarktraceClient } from '../../src/darktrace/client.js';
import { metricDataFor } from '../../src/darktrace/resources/metrics.js';
import { CatalogueCache, getMetricData } from '../../src/metrics/index.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';
import { useEmulator } from '../helpers/emulator.js';
import { received } from '../helpers/received.js';
import { mulberry32 } from '../../src/emulator/prng.js';
import { COLLECTED } from '../commands/descriptor-fixture.js';
import { tempDir } from '../helpers/temp.js';

const BIN = join(import.meta.dirname, '../../bin/darktrace-soar');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** The first cycle's clock: a whole hour behind the emulator's real one, plus 7 minutes into a frame. */
const NOW1 = Math.floor(Date.now() / HOUR) * HOUR - HOUR + 7 * MINUTE;
const NOW2 = NOW1 + 21 * MINUTE;
const FIRST = NOW1 - 2 * HOUR - 3 * MINUTE; // mid-frame: floored to the frame
const floor = (t: number, step: number) => Math.floor(t / step) * step;

const emu = useEmulator({ seed: 5 });
let client: DarktraceClient;
beforeAll(() => { client = new DarktraceClient({ url: emu.url, publicToken: 'demo-public', privateToken: 'demo-private' }); });
afterAll(async () => { await client.close(); });

const metricdata = (query: string) => ({ method: 'GET', path: '/metricdata', query, body: '' });
const sent = () => received(emu.emulator.requests).filter((r) => r.path === '/metricdata');

/** What the emulator answers for [start, end) at `interval` s, through the same client: [did, timems, size, in, out]. */
async function answered(start: number, end: number, interval: number, devices = [1, 2]) {
  const data = await getMetricData({ metric: 'connections', devices, start_time: start, end_time: end, interval }, {
    now: end, get: (query) => metricDataFor(client, query),
  });
  return data.series.flatMap((s) => s.data.map((p) => [s.did!, p.timems, p.value, p.in, p.out] as Array<number | null>))
    .sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
}

/** Every record of a descriptor, one row per frame and device: [did, timestamp, value, in, out] (count 1 each). */
async function stored(store: Store, shortName: string, frameMinutes: number) {
  const agg = await store.aggregate(shortName, { startTimestamp: Date.now() - 6 * HOUR, endTimestamp: Date.now() + HOUR, groupBy: ['did'], resolution: { size: frameMinutes, unit: 'minutes' } });
  for (const row of agg.data) expect(row.count).toBe(1);
  return agg.data.map((row) => [row.keys.did, row.timestamp, row.values.value, row.values.in, row.values.out]).sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]));
}

describe('the metrics source, one cycle at a time (emulator over HTTP, SQLite in memory)', () => {
  let store: Store;
  beforeEach(async () => {
    store = await openSqliteStore(':memory:');
    await store.createDescriptor(COLLECTED); // 5-minute frames, dedup last, values value/in/out
    await store.createDescriptor({ ...COLLECTED, shortName: 'perMinute', timeFrameSize: 1, deduplicationFunction: 'first', values: [{ name: 'size' }] });
    await store.createDescriptor({ ...COLLECTED, shortName: 'appended', deduplicationFunction: 'none' });
    await store.createDescriptor({ ...COLLECTED, shortName: 'ownRecords', source: undefined });
    emu.emulator.clearRequests();
    return () => store.close();
  });
  const deps = (now: number) => ({ client, store, now: () => new Date(now), metricCatalogues: new CatalogueCache({ now: () => now }) });
  const cycle = (now: number, state: MetricsSourceState, firstFetch = String(FIRST)) =>
    collectMetricsCycle(deps(now), { state, firstFetch, devices: [1, 2] });

  it('two cycles: each reads the frames completed since the last, and the store ends up with exactly what Darktrace has', async () => {
    const one = await cycle(NOW1, {});
    const five = 5 * MINUTE;
    const [s5, e5] = [floor(FIRST, five), floor(NOW1, five)];
    const [s1, e1] = [floor(FIRST, MINUTE), floor(NOW1, MINUTE)];
    expect(sent()).toEqual([
      metricdata(`metric=connections&did=1&starttime=${s5}&endtime=${e5}&interval=300`),
      metricdata(`metric=connections&did=2&starttime=${s5}&endtime=${e5}&interval=300`),
      metricdata(`metric=connections&did=1&starttime=${s1}&endtime=${e1}&interval=60`),
      metricdata(`metric=connections&did=2&starttime=${s1}&endtime=${e1}&interval=60`),
    ]);
    expect(one.state).toEqual({ 1: { from: String(FIRST), next: e5 }, 2: { from: String(FIRST), next: e1 } });
    const reason = 'metric descriptor "appended" has deduplicationFunction none: a window read again after a crash would be stored twice; the metrics source collects descriptors with first or last';
    expect(one.stats.descriptors.map((d) => [d.shortName, d.outcome, d.reason])).toEqual([
      ['collectedConnections', 'collected', undefined], ['perMinute', 'collected', undefined], ['appended', 'skipped', reason],
    ]);
    expect(one.stats).toMatchObject({ requests: 4, duplicate: 0, rejected: 0, stored: one.stats.read });

    emu.emulator.clearRequests();
    const two = await cycle(NOW2, one.state);
    const [n5, n1] = [floor(NOW2, five), floor(NOW2, MINUTE)];
    expect(sent()).toEqual([
      metricdata(`metric=connections&did=1&starttime=${e5}&endtime=${n5}&interval=300`),
      metricdata(`metric=connections&did=2&starttime=${e5}&endtime=${n5}&interval=300`),
      metricdata(`metric=connections&did=1&starttime=${e1}&endtime=${n1}&interval=60`),
      metricdata(`metric=connections&did=2&starttime=${e1}&endtime=${n1}&interval=60`),
    ]);
    expect(two.state).toEqual({ 1: { from: String(FIRST), next: n5 }, 2: { from: String(FIRST), next: n1 } });
    expect(two.stats).toMatchObject({ duplicate: 0, rejected: 0 });

    // The two windows together are exactly the span, read in one go: nothing missing at the seam, nothing twice.
    const whole5 = await answered(s5, n5, 300);
    expect(whole5.length).toBe(2 * (n5 - s5) / five);
    expect(await stored(store, 'collectedConnections', 5)).toEqual(whole5);
    const whole1 = (await answered(s1, n1, 60)).map(([did, t, size]) => [did, t, size]);
    const minute = await store.aggregate('perMinute', { startTimestamp: FIRST - HOUR, endTimestamp: NOW2, groupBy: ['did'], resolution: { size: 1, unit: 'minutes' } });
    expect(minute.data.map((r) => [r.keys.did, r.timestamp, r.values.size]).sort((a, b) => Number(a[0]) - Number(b[0]) || Number(a[1]) - Number(b[1]))).toEqual(whole1);
    expect(await store.countRecords('appended')).toBe(0);
    expect(one.stats.read + two.stats.read).toBe(whole5.length + whole1.length);
  });

  it('killed after storing, before the state was saved: the re-run reads the same window and stores nothing twice', async () => {
    const one = await cycle(NOW1, {});
    const saved = one.state;
    emu.emulator.clearRequests();
    const two = await cycle(NOW2, saved);
    const cycleTwoRequests = sent();
    expect(cycleTwoRequests).toHaveLength(4);
    const counts = [await store.countRecords('collectedConnections'), await store.countRecords('perMinute')];
    // The crash: cycle two's records are in the store, but the state on disk is still `saved`.
    emu.emulator.clearRequests();
    const again = await cycle(NOW2 + 30_000, saved);
    expect(again.state).toEqual(two.state);
    expect(again.stats).toMatchObject({ read: two.stats.read, stored: two.stats.read, duplicate: two.stats.read, rejected: 0 });
    expect(sent()).toEqual(cycleTwoRequests); // the same window, not more
    expect([await store.countRecords('collectedConnections'), await store.countRecords('perMinute')]).toEqual(counts);
  });

  it('no complete frame since the last cycle: no request; a changed first_fetch starts the descriptor again from it', async () => {
    const one = await cycle(NOW1, {});
    emu.emulator.clearRequests();
    const idle = await cycle(NOW1 + 30_000, one.state);
    expect(sent()).toEqual([]);
    expect(idle.state).toEqual(one.state);
    expect(idle.stats.descriptors.map((d) => d.outcome)).toEqual(['idle', 'idle', 'skipped']);

    const later = floor(NOW1, HOUR) - HOUR;
    const reset = await cycle(NOW1 + 30_000, one.state, String(later));
    expect(sent()[0]).toEqual(metricdata(`metric=connections&did=1&starttime=${later}&endtime=${floor(NOW1, 5 * MINUTE)}&interval=300`));
    expect(reset.state[1]).toEqual({ from: String(later), next: floor(NOW1, 5 * MINUTE) });
    expect(reset.stats.duplicate).toBe(reset.stats.read); // already stored by the first cycle
  });

  it('a metric the appliance does not have: skipped with the catalogue\'s suggestion, the others still collected', async () => {
    await store.updateDescriptor('perMinute', { source: { darktraceMetric: 'conections', entityKey: 'did' } });
    const one = await cycle(NOW1, {});
    expect(one.stats.descriptors.find((d) => d.shortName === 'perMinute')).toMatchObject({
      outcome: 'skipped', reason: expect.stringMatching(/^descriptor: metric descriptor "perMinute"'s source\.darktraceMetric "conections" is not in this appliance's metric catalogue; closest: connections/),
    });
    expect(one.state).toEqual({ 1: { from: String(FIRST), next: floor(NOW1, 5 * MINUTE) } });
    expect(await store.countRecords('collectedConnections')).toBeGreaterThan(0);
  });
});

describe('darktrace-soar collect --sources metrics', () => {
  function collect(args: string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
    const proc = spawn(BIN, ['collect', ...args], {
      env: { ...process.env, DARKTRACE_URL: emu.url, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private', LOG_LEVEL: 'silent', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d) => { stderr += d; });
    proc.stdout.resume();
    return new Promise((resolve) => proc.on('close', (code) => resolve({ code, stderr })));
  }

  it('stores the metric data of every descriptor with a source, keeps its progress in the state file, and a replayed crash stores nothing twice', async () => {
    const dir = tempDir('dt-collect-metrics-');
    const file = join(dir, 'store.db');
    const setup = await openSqliteStore(file);
    await setup.createDescriptor(COLLECTED);
    await setup.close();
    const first = Date.now() - 3 * HOUR;
    const state = join(dir, 'state.json');
    const args = ['--state', state, '--out', join(dir, 'events.jsonl'), '--sources', 'metrics', '--devices', '1,2', '--cycles', '1', `first_fetch=${first}`];
    const env = { DARKTRACE_SOAR_STORE: `sqlite:${file}` };

    const run1 = await collect(args, env);
    expect(run1.code).toBe(0);
    const saved = JSON.parse(readFileSync(state, 'utf8')) as { cycle: number; metrics: MetricsSourceState };
    const next = saved.metrics[1].next;
    expect(saved).toMatchObject({ cycle: 1, offset: 0, metrics: { 1: { from: String(first), next: expect.any(Number) } } });
    expect(next % (5 * MINUTE)).toBe(0);
    const points = await answered(floor(first, 5 * MINUTE), next, 300);
    expect(run1.stderr).toMatch(new RegExp(`^cycle 1: 1 descriptor read, ${points.length} metric records \\(0 duplicate, 0 rejected\\) in \\d+\\.\\d s$`, 'm'));
    const check = await openSqliteStore(file);
    expect(await stored(check, 'collectedConnections', 5)).toEqual(points);
    await check.close();

    // A crash between storing and saving, replayed: the state the collector wrote before that cycle, the records
    // after it. The cycle runs again from there: every point it had stored is a duplicate now, none is stored twice.
    writeFileSync(state, JSON.stringify({ version: 1, lastRun: {}, offset: 0, cycle: 0 }));
    const replay = await collect(args, env);
    expect(replay.code).toBe(0);
    const final = JSON.parse(readFileSync(state, 'utf8')) as { metrics: MetricsSourceState };
    const all = await answered(floor(first, 5 * MINUTE), final.metrics[1].next, 300);
    expect(replay.stderr).toMatch(new RegExp(`^cycle 1: 1 descriptor read, ${all.length} metric records \\(${points.length} duplicate, 0 rejected\\) in `, 'm'));
    const after = await openSqliteStore(file);
    expect(await stored(after, 'collectedConnections', 5)).toEqual(all);
    await after.close();
  }, 30_000);

  it('refuses metrics without --devices, --devices without metrics, and bad device ids', async () => {
    const dir = tempDir('dt-collect-metrics-');
    const base = ['--state', join(dir, 'state.json'), '--cycles', '1'];
    const env = { DARKTRACE_SOAR_STORE: `sqlite:${join(dir, 'store.db')}` };
    expect((await collect([...base, '--sources', 'metrics'], env)).stderr).toContain('--sources metrics needs --devices DID,… : the devices whose metric data is collected (every record is keyed by its device).');
    expect((await collect([...base, '--devices', '1'], env)).stderr).toContain('--devices is for the metrics source: add metrics to --sources.');
    expect((await collect([...base, '--sources', 'metrics', '--devices', '1,x'], env)).stderr).toContain('--devices must be device ids (did) separated by commas, e.g. --devices 1,7,12 (got "1,x").');
    expect((await collect([...base, '--sources', 'metrics', '--devices', '1', 'first_fetch=soon'], env)).stderr).toContain('first_fetch "soon" is not a time');
  }, 30_000);
});

describe('darktrace-soar collect --sources metrics, killed with SIGKILL while catching up', () => {
  it('kill -9 at random moments over a backlog of several cycles: afterwards every frame of every device is stored exactly once', async () => {
    const dir = tempDir('dt-collect-metrics-kill-');
    const file = join(dir, 'store.db');
    const setup = await openSqliteStore(file);
    await setup.createDescriptor({ ...COLLECTED, timeFrameSize: 1, deduplicationFunction: 'first' });
    await setup.close();
    const first = floor(Date.now() - 25 * 24 * HOUR, HOUR); // 36,000 one-minute frames: four cycles of at most 10,000
    const state = join(dir, 'state.json');
    const args = ['collect', '--state', state, '--out', join(dir, 'events.jsonl'), '--sources', 'metrics', '--devices', '1,2', '--every', '0.02', `first_fetch=${first}`];
    const env = { ...process.env, DARKTRACE_URL: emu.url, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private', LOG_LEVEL: 'silent', DARKTRACE_SOAR_STORE: `sqlite:${file}` };
    const rand = mulberry32(14);
    const start = () => {
      const proc = spawn(BIN, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      proc.stderr.on('data', (d) => { stderr += d; });
      return { proc, stderr: () => stderr, exit: new Promise<void>((resolve) => proc.on('close', () => resolve())) };
    };
    // Kill it again and again until it has caught up: the first time while starting, then each time somewhere in
    // the cycle after one it completed (reading, storing or saving; a cycle of 20,000 records takes over a second).
    const lines: string[] = [];
    for (let round = 0; round < 8 && !lines.some((l) => l.includes('0 descriptors read')); round++) {
      const c = start();
      if (round > 0) {
        const until = Date.now() + 60_000;
        while (!/cycle \d+: /.test(c.stderr()) && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      }
      await new Promise((r) => setTimeout(r, rand() * 700));
      c.proc.kill('SIGKILL');
      await c.exit;
      lines.push(c.stderr());
    }
    const last = start();
    const deadline = Date.now() + 60_000;
    while (!/1 descriptor read, 0 metric records|0 descriptors read/.test(last.stderr()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    last.proc.kill('SIGTERM');
    await last.exit;
    expect(last.stderr()).not.toContain('failed');
    expect(lines.filter((l) => /cycle \d+: 1 descriptor read, [1-9]\d* metric records/.test(l)).length, 'rounds killed with backlog left after storing a window').toBeGreaterThanOrEqual(2);
    const next = (JSON.parse(readFileSync(state, 'utf8')) as { metrics: MetricsSourceState }).metrics[1].next;
    expect(next).toBeGreaterThanOrEqual(floor(Date.now(), MINUTE) - 2 * MINUTE);

    // Darktrace's answer for [first, next), read in parts, summed per device and day; the store's, aggregated alike.
    const perDay = new Map<string, number>();
    let points = 0;
    for (let t = first; t < next; t += 9_000 * MINUTE) {
      for (const [did, timems, size] of await answered(t, Math.min(next, t + 9_000 * MINUTE), 60)) {
        const day = `${did}@${floor(timems!, 24 * HOUR)}`;
        perDay.set(day, (perDay.get(day) ?? 0) + size!);
        points += 1;
      }
    }
    const check = await openSqliteStore(file);
    expect(await check.countRecords('collectedConnections')).toBe(points);
    const agg = await check.aggregate('collectedConnections', { startTimestamp: first, endTimestamp: next, groupBy: ['did'], resolution: { size: 1, unit: 'days' }, values: ['value'] });
    await check.close();
    expect(new Map(agg.data.map((r) => [`${r.keys.did}@${r.timestamp}`, r.values.value]))).toEqual(perDay);
  }, 120_000);
});
