// Helpers for the XSOAR tests: running the integration's Python shim with the fake demistomock, and the
// incoming mapper the playbooks expect (breach rawJSON → incident fields).
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FAKE_DIR = fileURLToPath(new URL('./fake/', import.meta.url));

/** python3's version, or undefined when there is no python3 on this machine. */
export function pythonVersion(): string | undefined {
  const probe = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return probe.status === 0 ? (probe.stdout || probe.stderr).trim() : undefined;
}

export interface ShimInput {
  command: string;
  params: Record<string, unknown>;
  args?: Record<string, unknown>;
  lastRun?: Record<string, unknown>;
}

export interface ShimOutput {
  results: unknown[];
  incidents: unknown[] | null;
  /** What fetch-events handed to send_events_to_xsiam, and under which vendor/product. */
  events: unknown[] | null;
  eventsSentTo: { vendor: string; product: string } | null;
  lastRun: Record<string, unknown> | null;
  lastRunSet: boolean;
  errors: string[];
  logs: unknown[];
  /** Process exit code (return_error exits 0 for commands and raises, exit 1, for fetch-incidents). */
  exitCode: number;
  stderr: string;
}

/** The `script.script` of an integration.yml text, written to a temporary .py file. */
export class ShimScript {
  readonly dir = mkdtempSync(join(tmpdir(), 'dt-shim-'));
  readonly file = join(this.dir, 'integration.py');
  private runs = 0;

  constructor(integrationYaml: string) {
    const doc = parse(integrationYaml, { version: '1.1' }) as { script: { script: string } };
    writeFileSync(this.file, doc.script.script);
  }

  /**
   * Runs the shim once, as XSOAR would for one command. Asynchronous on purpose: the plugin it talks to runs
   * in this same process.
   */
  run(input: ShimInput, env: Record<string, string> = {}): Promise<ShimOutput> {
    const n = ++this.runs;
    const inFile = join(this.dir, `in-${n}.json`);
    const outFile = join(this.dir, `out-${n}.json`);
    writeFileSync(inFile, JSON.stringify(input));
    return new Promise((resolve, reject) => {
      execFile('python3', [this.file], {
        env: { PATH: process.env.PATH ?? '', PYTHONPATH: FAKE_DIR, PYTHONDONTWRITEBYTECODE: '1', DEMISTO_FAKE_IN: inFile, DEMISTO_FAKE_OUT: outFile, ...env },
        timeout: 120_000,
      }, (error, _stdout, stderr) => {
        let out: Omit<ShimOutput, 'exitCode' | 'stderr'>;
        try {
          out = JSON.parse(readFileSync(outFile, 'utf8'));
        } catch {
          reject(new Error(`the shim wrote no output (exit ${String(error?.code)}):\n${stderr}`));
          return;
        }
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ ...out, exitCode: code, stderr });
      });
    });
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

type Obj = Record<string, unknown>;

/** Breach filter types whose trigger values are external hostnames / IPs (README "Cortex XSOAR" mapping). */
export const HOSTNAME_FILTERS = ['Connection hostname', 'DNS host lookup'];
export const IP_FILTERS = ['Destination IP'];

/**
 * The incoming mapper the playbooks rely on (README): the fetched incident plus darktracemodelbreachid,
 * darktracedeviceid, darktraceexternalhostnames and darktraceexternalips taken from rawJSON.
 */
export function mapBreachIncident(incident: Obj, id = '1'): Obj {
  const breach = JSON.parse(String(incident.rawJSON)) as Obj;
  const filters = ((breach.triggeredComponents ?? []) as Obj[]).flatMap((c) => (c.triggeredFilters ?? []) as Obj[]);
  const triggers = (types: string[]) => [...new Set(filters
    .filter((f) => types.includes(String(f.filterType)))
    .map((f) => String((f.trigger as Obj | undefined)?.value ?? ''))
    .filter(Boolean))];
  const device = breach.device as Obj | undefined;
  return {
    id,
    ...incident,
    darktracemodelbreachid: breach.pbid,
    darktracedeviceid: device?.did ?? '',
    darktraceexternalhostnames: triggers(HOSTNAME_FILTERS),
    darktraceexternalips: triggers(IP_FILTERS),
  };
}

interface DeclaredArgument { name: string; required?: boolean; defaultValue?: string }
interface DeclaredCommand { name: string; arguments?: DeclaredArgument[] }

/** XSOAR refused the call before running the integration (a required argument is missing). */
export class XsoarRefused extends Error {}

/**
 * What the integration receives from XSOAR for a command call, per its integration.yml: arguments the command
 * does not declare are dropped, declared ones left out get their defaultValue, and a declared required argument
 * that is missing stops the call (XsoarRefused) before the integration runs. Values stay strings, as XSOAR sends them.
 */
export function xsoarArgs(integrationYaml: string, command: string, args: Record<string, unknown>): Record<string, string> {
  const doc = parse(integrationYaml, { version: '1.1' }) as { script: { commands: DeclaredCommand[] } };
  const declared = doc.script.commands.find((c) => c.name === command);
  if (!declared) throw new XsoarRefused(`${command} is not a command of the integration`);
  const out: Record<string, string> = {};
  for (const arg of declared.arguments ?? []) {
    const value = args[arg.name];
    if (value !== undefined && value !== null && value !== '') out[arg.name] = String(value);
    else if (arg.defaultValue !== undefined) out[arg.name] = arg.defaultValue;
    else if (arg.required) throw new XsoarRefused(`${command}: missing required argument ${arg.name}`);
  }
  return out;
}
