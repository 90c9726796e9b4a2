// Load and soak of the HTTP action endpoint in front of the emulator (issue 8, docs/RELIABILITY.md):
//   load: a fixed number of requests (default 20 000) at high concurrency (default 64) over a mix of commands
//         (configured and inline instances, a write, fetch, test, health), counting every non-2xx and error;
//   soak: the same mix for a fixed time (default 5 minutes) at lower concurrency, sampling the server's RSS
//         every 10 s; growth is measured from the first sample after a 30 s warm-up to the last.
// The server runs as `./bin/darktrace-soar serve` in its own process with stdout/stderr to /dev/null (its log
// lines are not piped into the load generator); the emulator is another process; autocannon runs here.
//
//   npm run bench:load                                   # writes docs/bench-load-soak.md
//   npx tsx bench/load-soak.ts --requests 2000 --soak-seconds 30   # a quick look
import { spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const BIN = fileURLToPath(new URL('../bin/darktrace-soar', import.meta.url));
const KEY = 'bench-load-key-0123456789abcdef';

const { values } = parseArgs({
  options: {
    write: { type: 'string' }, requests: { type: 'string' }, connections: { type: 'string' },
    'soak-seconds': { type: 'string' }, 'soak-connections': { type: 'string' },
  },
});
const loadRequests = Number(values.requests ?? 20_000);
const loadConnections = Number(values.connections ?? 64);
const soakSeconds = Number(values['soak-seconds'] ?? 300);
const soakConnections = Number(values['soak-connections'] ?? 16);
const WARMUP_S = Math.min(30, Math.floor(soakSeconds / 4));
const SAMPLE_S = 10;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise((resolve) => s.close(resolve));
  return port;
}

function startEmulator(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(BIN, ['emulator', '--port', '0', '--breaches', '5000'], { env: { ...process.env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (d: Buffer) => {
      text += d;
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve({ child, url: m[1] });
    });
    child.on('close', (code) => reject(new Error(`emulator exited ${code}: ${text}`)));
  });
}

async function startServer(emulatorUrl: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const devNull = openSync('/dev/null', 'w');
  const child = spawn(BIN, ['serve', '--port', String(port)], {
    env: {
      ...process.env, LOG_LEVEL: 'info',
      DARKTRACE_URL: emulatorUrl, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private',
      DARKTRACE_SOAR_API_KEYS: `${KEY}:write`, DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES: 'true',
      DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS: '127.0.0.0/8',
    },
    stdio: ['ignore', devNull, devNull],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`serve exited ${child.exitCode}`);
    const up = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
    if (up) return { child, url };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('serve did not answer /healthz within 30 s');
}

const rssMb = (pid: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

const emulator = await startEmulator();
const server = await startServer(emulator.url);
const inline = { url: emulator.url, publicToken: 'demo-public', privateToken: 'demo-private' };
const json = (path: string, body: unknown) => ({ method: 'POST' as const, path, body: JSON.stringify(body) });
/** The mix each connection cycles through: reads (configured and inline instances), a write, fetch, test, health. */
const MIX = [
  json('/v1/commands/darktrace-get-similar-devices', { args: { did: '1', max_results: '5' } }),
  json('/v1/commands/darktrace-get-tags-for-device', { args: { deviceId: '1' } }),
  json('/v1/commands/darktrace-get-watched-list', { args: {} }),
  json('/v1/commands/darktrace-get-device-connection-info', { args: { did: '1', data_type: 'co' } }),
  json('/v1/commands/darktrace-get-external-endpoint-details', { args: { endpoint_type: 'hostname', endpoint_value: 'test.com' } }),
  json('/v1/commands/darktrace-get-similar-devices', { args: { did: '1', max_results: '2' }, instance: inline }),
  json('/v1/commands/darktrace-post-tag-to-device', { args: { deviceId: '3', tagName: 'Admin' } }),
  json('/v1/fetch-incidents', { lastRun: {}, params: { first_fetch: '2 days', max_alerts: '20' } }),
  json('/v1/test', {}),
  { method: 'GET' as const, path: '/healthz' },
];
const headers = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };

interface Summary { requests: number; rps: number; p50: number; p99: number; max: number; non2xx: number; errors: number; timeouts: number; seconds: number }
const summarise = (r: autocannon.Result): Summary => ({
  requests: r.requests.total, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, max: r.latency.max,
  non2xx: r.non2xx, errors: r.errors, timeouts: r.timeouts, seconds: r.duration,
});

let load: Summary | undefined;
let soak: Summary | undefined;
const samples: Array<{ t: number; rss: number }> = [];
try {
  console.error(`load: ${loadRequests} requests at c=${loadConnections}…`);
  load = summarise(await autocannon({ url: server.url, connections: loadConnections, amount: loadRequests, headers, requests: MIX, timeout: 30 }));
  console.error(load);

  console.error(`soak: ${soakSeconds} s at c=${soakConnections}…`);
  const started = Date.now();
  const sampler = setInterval(() => samples.push({ t: Math.round((Date.now() - started) / 1000), rss: rssMb(server.child.pid!, 'VmRSS') }), SAMPLE_S * 1000);
  samples.push({ t: 0, rss: rssMb(server.child.pid!, 'VmRSS') });
  try {
    soak = summarise(await autocannon({ url: server.url, connections: soakConnections, duration: soakSeconds, headers, requests: MIX, timeout: 30 }));
  } finally {
    clearInterval(sampler);
  }
  samples.push({ t: Math.round((Date.now() - started) / 1000), rss: rssMb(server.child.pid!, 'VmRSS') });
  console.error(soak);
} finally {
  const peak = rssMb(server.child.pid!, 'VmHWM');
  server.child.kill('SIGTERM');
  emulator.child.kill('SIGTERM');
  const warm = samples.find((s) => s.t >= WARMUP_S) ?? samples[0];
  const last = samples.at(-1)!;
  const growth = warm && last ? (100 * (last.rss - warm.rss)) / warm.rss : NaN;
  const row = (name: string, s?: Summary) => s
    ? `| ${name} | ${s.requests} | ${s.seconds} | ${s.rps} | ${s.p50} | ${s.p99} | ${s.max} | ${s.non2xx} | ${s.errors} | ${s.timeouts} |` : `| ${name} | (did not run) |`;
  const report = `# Load and soak benchmark

Generated by \`npx tsx bench/load-soak.ts${values.write ? ` --write ${values.write}` : ''}\` (Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}).
The server (\`serve\`, \`LOG_LEVEL=info\`, logging to /dev/null), the emulator (5000 breaches) and autocannon each run
in their own process on the same ${cpus().length} cores. Each connection cycles through ${MIX.length} requests: similar devices,
tags for a device, watched list, connection info, endpoint details, similar devices through an inline instance,
post-tag (a write), fetch-incidents (first fetch, 20 alerts), /v1/test and /healthz.

| phase | requests | s | req/s | p50 ms | p99 ms | max ms | non-2xx | errors | timeouts |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|
${row(`load: ${loadRequests} requests at c=${loadConnections}`, load)}
${row(`soak: ${soakSeconds} s at c=${soakConnections}`, soak)}

Server RSS during the soak (MB, every ${SAMPLE_S} s): ${samples.map((s) => `${s.t}s ${s.rss.toFixed(0)}`).join(', ')}.
Growth from ${warm?.t ?? '?'} s (after warm-up) to the end: ${growth.toFixed(1)} % (${warm?.rss.toFixed(0)} → ${last?.rss.toFixed(0)} MB); peak RSS (VmHWM) ${peak.toFixed(0)} MB.
`;
  if (values.write) writeFileSync(values.write, report);
  console.log(report);
}
