// darktrace-soar: serve | demo | emulator | run | fetch | gen (SPEC §6).
import { UsageError } from './args.js';

const USAGE = `Usage: darktrace-soar <command> [options]

  serve    --port P [--host 127.0.0.1] [--config FILE]    run the HTTP action endpoint
  demo     [--port P]                                     emulator + endpoint, prints a key and a curl
  emulator --port P [--host H] [--seed N] [--devices N] [--breaches N] [--public-token T] [--private-token T]
  run      <command> key=value… [--json]                  run one command against the env instance
  fetch    [--state FILE] [--verbose] [key=value…]        one fetch-incidents cycle; prints JSON lines (--verbose: a line per slot)
  collect  --state FILE [--every 60] [--sources a,b] [--out FILE|-] [--cycles N] [key=value…]
                                                         the SIEM collector loop: fetch-events every N s, JSON lines out
  gen      [pack] [--check]                               write integration.yml, openapi/endpoint.json and pack/DarktraceSOAR/
                                                         (pack: the pack folder and dist/DarktraceSOAR.zip only; --check: fail if stale)
  windows  "<selector>" [--now MS] [--timezone ZONE] [--period 15m] [--json]   a profile selector's windows and periods

Environment: DARKTRACE_URL, DARKTRACE_PUBLIC_TOKEN, DARKTRACE_PRIVATE_TOKEN, DARKTRACE_INSECURE,
DARKTRACE_SOAR_API_KEYS="<key>:<scope>[,…]", DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES=true,
DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS=<cidr>[,…] (inline instances on private addresses), DARKTRACE_SOAR_ALLOW_INLINE_PROXY=true, LOG_LEVEL.`;

const commands: Record<string, () => Promise<{ main(argv: string[]): Promise<number | void> }>> = {
  serve: () => import('./serve.js'),
  demo: () => import('./demo.js'),
  emulator: () => import('./emulator.js'),
  run: () => import('./run.js'),
  fetch: () => import('./fetch.js'),
  collect: () => import('./collect.js'),
  gen: () => import('./gen.js'),
  windows: () => import('./windows.js'),
};

const [name, ...rest] = process.argv.slice(2);
if (!name || name === '--help' || name === '-h' || name === 'help') {
  console.log(USAGE);
  process.exit(name ? 0 : 1);
}
const load = commands[name];
if (!load) {
  console.error(`Unknown command "${name}".\n\n${USAGE}`);
  process.exit(1);
}
try {
  const code = await (await load()).main(rest);
  if (typeof code === 'number') process.exitCode = code;
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`${err.message}\n\n${USAGE}`);
  } else {
    console.error(err instanceof Error ? err.message : String(err));
  }
  process.exitCode = 1;
}
