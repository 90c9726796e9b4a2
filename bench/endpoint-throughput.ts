// Throughput and latency of the HTTP action endpoint in front of the emulator, with autocannon.
// The emulator and the server each run in their own process (`./bin/darktrace-soar emulator|serve`), so the
// server's peak RSS (VmHWM) is its own; all three processes share the machine's cores. Their logs go to files
// (printed at the end), not through this process. `npm run bench` (docs/PERFORMANCE.md) measures the overhead
// against a direct request; this one adds the inline-instance and fetch scenarios.
//
//   npx tsx bench/endpoint-throughput.ts                      # prints a table
//   npx tsx bench/endpoint-throughput.ts --write docs/bench-endpoint.md --seconds 10 --connections 10
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';

const BIN = fileURLToPath(new URL('../bin/darktrace-soar', import.meta.url));
const KEY = 'bench-key-0123456789abcdef';

const { values } = parseArgs({ options: { write: { type: 'string' }, seconds: { type: 'string' }, connections: { type: 'string' } } });
const seconds = Number(values.seconds ?? 10);
const connections = Number(values.connections ?? 10);
const LOGS = mkdtempSync(join(tmpdir(), 'dts-bench-endpoint-'));

/**
 * Starts a `darktrace-soar` subcommand with its output going to a log file (never to this process: reading the
 * server's log lines while measuring costs more than most of what is measured) and waits for `ready` in that file.
 */
function start(args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const log = join(LOGS, `${args[0]}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(BIN, args, { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  return new Promise((resolve, reject) => {
    const poll = setInterval(() => {
      const match = ready.exec(readFileSync(log, 'utf8'));
      if (match) { clearInterval(poll); child.off('close', onClose); resolve({ child, match }); }
    }, 20);
    const onClose = (code: number | null) => { clearInterval(poll); reject(new Error(`${args[0]} exited ${code}: see ${log}`)); };
    child.on('close', onClose);
  });
}

const peakRssMb = (pid: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

interface Scenario { name: string; method: 'GET' | 'POST'; path: string; body?: unknown }

const emulator = await start(['emulator', '--port', '0', '--breaches', '5000'], {}, /listening on (http:\/\/\S+)/);
const emulatorUrl = emulator.match[1];
const server = await start(['serve', '--port', '0'], {
  DARKTRACE_URL: emulatorUrl, DARKTRACE_PUBLIC_TOKEN: 'demo-public', DARKTRACE_PRIVATE_TOKEN: 'demo-private',
  DARKTRACE_SOAR_API_KEYS: `${KEY}:admin`, DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES: 'true',
  // The inline instance is the emulator on loopback, which the outbound policy refuses unless allowed.
  DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS: '127.0.0.1', LOG_LEVEL: 'info',
}, /"url":"(http:\/\/[^"]+)"/);
const serverUrl = server.match[1];
const inline = { url: emulatorUrl, publicToken: 'demo-public', privateToken: 'demo-private' };

const scenarios: Scenario[] = [
  { name: 'GET /healthz (no Darktrace call)', method: 'GET', path: '/healthz' },
  { name: 'similar devices, configured instance', method: 'POST', path: '/v1/commands/darktrace-get-similar-devices', body: { args: { did: '1', max_results: '5' } } },
  { name: 'similar devices, inline instance (new pool per request)', method: 'POST', path: '/v1/commands/darktrace-get-similar-devices', body: { args: { did: '1', max_results: '5' }, instance: inline } },
  { name: 'connection info (curated tables + sparkline)', method: 'POST', path: '/v1/commands/darktrace-get-device-connection-info', body: { args: { did: '1', data_type: 'co' } } },
  { name: 'fetch-incidents, first fetch, max_alerts 50', method: 'POST', path: '/v1/fetch-incidents', body: { lastRun: {}, params: { first_fetch: '2 days', max_alerts: '50' } } },
];

const rows: string[] = [];
try {
  for (const s of scenarios) {
    const result = await autocannon({
      url: `${serverUrl}${s.path}`, method: s.method, connections, duration: seconds,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: s.body === undefined ? undefined : JSON.stringify(s.body),
    });
    const bad = result.non2xx + result.errors + result.timeouts;
    // Failed requests are fast: a scenario with any measures the failure path, not the scenario.
    if (bad > 0) throw new Error(`${s.name}: ${bad} of ${result.requests.total} requests failed (see ${LOGS}/serve.log)`);
    rows.push(`| ${s.name} | ${Math.round(result.requests.average)} | ${result.latency.p50} | ${result.latency.p97_5} | ${result.latency.p99} | ${result.latency.max} |`);
    console.error(rows.at(-1));
  }
} finally {
  const serverPeak = peakRssMb(server.child.pid!);
  const emulatorPeak = peakRssMb(emulator.child.pid!);
  server.child.kill('SIGTERM');
  emulator.child.kill('SIGTERM');
  const report = `# Endpoint throughput benchmark

Generated by \`npx tsx bench/endpoint-throughput.ts${values.write ? ` --write ${values.write}` : ''}\` (Node ${process.version}, ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length}, ${new Date().toISOString().slice(0, 10)}).
autocannon, ${connections} connections, ${seconds} s per scenario. The emulator (5000 breaches), the server (\`serve\`,
admin key, \`LOG_LEVEL=info\`: one log line per request, to a file the harness does not read) and autocannon each run in their own process on the same
${cpus().length} cores, so the figures are a floor for the endpoint alone, not a Darktrace appliance's speed. Every request
succeeded (a failed one stops the run).

| scenario | req/s (avg) | p50 ms | p97.5 ms | p99 ms | max ms |
|---|---:|---:|---:|---:|---:|
${rows.join('\n')}

Peak RSS (VmHWM): server ${serverPeak.toFixed(0)} MB, emulator ${emulatorPeak.toFixed(0)} MB.

Reading it: the endpoint's own overhead (auth, argument coercion, entry building, logging) is the gap between
the health check and a command; a command's latency is dominated by the signed round trip to the appliance
and, for inline instances, by opening a new connection pool per request (configured instances reuse theirs).
`;
  if (values.write) writeFileSync(values.write, report);
  console.error(`logs: ${LOGS}`);
  console.log(report);
}
