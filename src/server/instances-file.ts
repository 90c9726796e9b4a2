// The instance config file (`serve --config`), JSON or YAML. Its own module so that only a server started with
// --config loads the YAML parser (`run`, `fetch` and a plain `serve` never do).
import { readFileSync } from 'node:fs';
import { YAMLError, parse as parseYaml } from 'yaml';
import * as z from 'zod';
import type { DarktraceInstance } from '../darktrace/client.js';
import { instanceSchema, toInstance } from './instances.js';

/** Reads `{ defaultInstance?, instances: { name: {url, publicToken, privateToken, …} } }` from JSON or YAML. */
export function loadInstancesFile(file: string): { instances: Map<string, DarktraceInstance>; defaultName?: string } {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'));
  } catch (err) {
    if (!(err instanceof YAMLError)) throw err;
    // yaml quotes the offending lines after the first line of its message; they may hold a token.
    throw new Error(`Invalid instance config ${file}: not valid YAML or JSON: ${err.message.split('\n')[0].replace(/:$/, '')}.`);
  }
  const parsed = z.object({ defaultInstance: z.string().optional(), instances: z.record(z.string(), instanceSchema) }).safeParse(doc);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid instance config ${file}: ${where}`);
  }
  const instances = new Map(Object.entries(parsed.data.instances).map(([name, v]) => [name, toInstance(v, name)]));
  if (parsed.data.defaultInstance && !instances.has(parsed.data.defaultInstance)) {
    throw new Error(`Invalid instance config ${file}: defaultInstance "${parsed.data.defaultInstance}" is not among the instances.`);
  }
  return { instances, defaultName: parsed.data.defaultInstance ?? (instances.size === 1 ? [...instances.keys()][0] : undefined) };
}
