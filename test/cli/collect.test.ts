// darktrace-soar collect as a user runs it, against the emulator: progress lines, SIGTERM, refusals, and the
// crash test — kill -9 at random moments over many cycles while items keep arriving, then the output file
// holds every item of the three incident sources exactly once (the emulator's ground truth).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { AiAnalystSlice } from '../../src/emulator/resources/aianalyst/state.js';
import { AntigenaSlice } from '../../src/emulator/resources/antigena/state.js';
import { mulberry32 } from '../../src/emulator/prng.js';
import { tempDir } from '../helpers/temp.js';

const BIN = join(import.meta.dirname, '../../bin/darktrace-soar');
const DAY = 86_400_000;

let running: RunningEmulator;
let env: Record<string, string>;
beforeAll(async () => {
  running = await startEmulator({ port: 0, seed: 11, breaches: 60 });
  env = { DARKTRACE_URL: running.url, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private', LOG_LEVEL: 'silent' };
});
afterAll(async () => {
  await running.close();
});

interface Child { proc: ChildProcess; stderr: () => string; exit: Promise<number | null> }

function collector(args: string[]): Child {
  const proc = spawn(BIN, ['collect', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr!.on('data', (d) => { stderr += d; });
  proc.stdout!.resume();
  const exit = new Promise<number | null>((resolve) => proc.on('close', (code) => resolve(code)));
  return { proc, stderr: () => stderr, exit };
}

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Every item of the three incident sources created in [start, end], as the events name them. */
function groundTruth(start: number, end: number): Set<string> {
  const ids = new Set<string>();
  const b = running.emulator.state.breaches;
  for (let i = 0; i < b.count; i++) if (b.creation[i] >= start && b.creation[i] <= end) ids.add(`model-breaches:${b.pbid[i]}`);
  for (const e of running.emulator.state.slice(AiAnalystSlice).events.values()) {
    if ((e.createdAt as number) >= start && (e.createdAt as number) <= end) ids.add(`ai-analyst:${e.id as string}`);
  }
  for (const a of running.emulator.state.slice(AntigenaSlice).actions.values()) if (a.start >= start && a.start <= end) ids.add(`respond-actions:${a.codeid}`);
  return ids;
}

const idOf = (e: Record<string, unknown>) =>
  `${e.source as string}:${(e.source === 'model-breaches' ? e.pbid : e.source === 'ai-analyst' ? e.id : e.codeid) as string}`;

describe('darktrace-soar collect', () => {
  it('prints a progress line per cycle, writes JSON lines, and finishes the cycle on SIGTERM (exit 0)', async () => {
    const dir = tempDir('dt-collect-');
    const c = collector(['--state', join(dir, 'state.json'), '--out', join(dir, 'events.jsonl'), '--every', '0.05', 'first_fetch=2 days', 'max_alerts=7']);
    await until(() => /cycle 3: /.test(c.stderr()), 20_000);
    c.proc.kill('SIGTERM');
    expect(await c.exit).toBe(0);
    expect(c.stderr()).toMatch(/^cycle 1: \d+ slots, \d+ events \(\d+ duplicate\) in \d+\.\d s$/m);
    const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of lines) expect(e).toMatchObject({ source: expect.any(String), _time: expect.stringMatching(/Z$/) });
    const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { offset: number; cycle: number };
    expect(state.offset).toBe(readFileSync(join(dir, 'events.jsonl')).length);
    expect(existsSync(join(dir, 'state.json.tmp'))).toBe(false);
  }, 30_000);

  it('refuses an output with data but no state, and one shorter than the state says', async () => {
    const dir = tempDir('dt-collect-');
    writeFileSync(join(dir, 'events.jsonl'), '{"old":true}\n');
    const c = collector(['--state', join(dir, 'state.json'), '--out', join(dir, 'events.jsonl'), '--cycles', '1']);
    expect(await c.exit).not.toBe(0);
    expect(c.stderr()).toContain(`${join(dir, 'events.jsonl')} already holds 13 bytes but there is no state file ${join(dir, 'state.json')}`);
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 1, lastRun: {}, offset: 100, cycle: 4 }));
    const d = collector(['--state', join(dir, 'state.json'), '--out', join(dir, 'events.jsonl'), '--cycles', '1']);
    expect(await d.exit).not.toBe(0);
    expect(d.stderr()).toContain('is shorter (13 bytes) than the collector wrote (100)');
    // Lines past the saved offset (a cycle killed after writing, before saving) are removed and collected again.
    writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 1, lastRun: {}, offset: 13, cycle: 4 }));
    writeFileSync(join(dir, 'events.jsonl'), '{"old":true}\n{"half-written":');
    const e = collector(['--state', join(dir, 'state.json'), '--out', join(dir, 'events.jsonl'), '--cycles', '1', '--sources', 'summary-statistics']);
    expect(await e.exit).toBe(0);
    expect(e.stderr()).toContain(`removed 16 bytes an interrupted cycle wrote to ${join(dir, 'events.jsonl')}; collecting that cycle again`);
    expect(e.stderr()).toMatch(/^cycle 5: 1 slots, 1 events \(0 duplicate\) in /m);
    const lines = readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n');
    expect(lines[0]).toBe('{"old":true}');
    expect(JSON.parse(lines[1])).toMatchObject({ source: 'summary-statistics' });
  }, 20_000);

  it('kill -9 at random moments over many cycles: every item exactly once in the output', async () => {
    const dir = tempDir('dt-collect-');
    const start = Date.now() - 10 * DAY;
    const args = ['--state', join(dir, 'state.json'), '--out', join(dir, 'events.jsonl'), '--every', '0.02',
      '--sources', 'model-breaches,ai-analyst,respond-actions,status', `first_fetch=${start}`, 'max_alerts=5', 'look_back=1'];
    const rand = mulberry32(2026);
    let pbid = 9_000_000;
    const arrive = () => {
      for (let k = Math.floor(rand() * 4); k > 0; k--) running.emulator.state.addBreach({ pbid: pbid++, creationTime: Date.now() - Math.floor(rand() * 20_000), time: Date.now() - 60_000, score: rand(), acknowledged: false, did: 1 });
    };
    const feeder = setInterval(arrive, 40);
    let kills = 0;
    try {
      for (let round = 0; round < 7; round++) {
        const c = collector(args);
        // Somewhere in its life: while starting (every third round), between cycles, in the middle of writing or saving.
        if (round % 3 === 2) await new Promise((r) => setTimeout(r, 300 + rand() * 1500));
        else await until(() => /cycle \d+: /.test(c.stderr()), 15_000);
        await new Promise((r) => setTimeout(r, rand() * 400));
        c.proc.kill('SIGKILL');
        await c.exit;
        kills++;
      }
    } finally {
      clearInterval(feeder);
    }
    const end = Date.now();
    // Catch up without kills until two idle cycles, then stop politely.
    const last = collector(args);
    await until(() => (last.stderr().match(/: \d+ slots, 0 events/g) ?? []).length >= 2, 20_000);
    last.proc.kill('SIGTERM');
    expect(await last.exit).toBe(0);
    const events = readFileSync(join(dir, 'events.jsonl'), 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const got = events.filter((e) => e.source !== 'status').map(idOf);
    expect(got.filter((id, i) => got.indexOf(id) !== i), 'duplicates').toEqual([]);
    expect(new Set(got)).toEqual(groundTruth(start, end));
    expect(kills).toBe(7);
    expect(events.some((e) => e.source === 'status')).toBe(true);
  }, 60_000);
});
