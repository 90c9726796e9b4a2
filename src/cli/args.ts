// Tiny argv helpers: `--flag value` options and XSOAR-style `key=value` command arguments.
import { parseArgs } from 'node:util';

export class UsageError extends Error {}

export function options<T extends Record<string, { type: 'string' | 'boolean'; default?: string | boolean }>>(argv: string[], spec: T) {
  try {
    return parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** `key=value` pairs; values stay strings, exactly as XSOAR sends them. */
export function keyValues(positionals: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of positionals) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`Arguments must look like key=value (got "${item}").`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function port(value: string | undefined, fallback: number, flag = '--port'): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new UsageError(`${flag} must be a port number 0-65535 (got "${value}").`);
  return n;
}

export function positiveInt(value: string | undefined, fallback: number, flag: string): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`${flag} must be a whole number (got "${value}").`);
  return n;
}
