// Captured Darktrace responses, carried in the repository because the emulator must run from it alone.
// fixtures/*.json are byte-identical copies of shared/fixtures/darktrace (MIT, from demisto/content test data):
// literal bodies. fixtures/darktrace-extended/*.json are copies of shared/fixtures/darktrace-extended:
// envelopes `{_fixture: {endpoint, request, provenance, sources, notes}, http_status, response}` — read
// `provenance` before serving one as the appliance's answer. A resource imports the files it serves
// (`import x from '../../fixtures/….json' with { type: 'json' }`) and serves a `clone`, never the original.
// SPEC §6: seeded data always contains the fixtures' entities.
import type { Json } from './types.js';

/** Deep copy, so handlers can never mutate the captured originals. */
export const clone = <T>(value: T): T => structuredClone(value);

export const PROVENANCES = ['real-capture', 'guide-example', 'synthesised', 'mixed', 'unverified', 'reported-observation'] as const;
export type Provenance = (typeof PROVENANCES)[number];

export interface FixtureEnvelope<T = Json> {
  _fixture: { endpoint: string; request: unknown; provenance: Provenance; sources: unknown; notes: unknown };
  http_status: number;
  response: T;
}

/**
 * Checks that an imported darktrace-extended file is an envelope and returns it typed (`response` as `T`).
 * `name` only labels the error, e.g. `envelope(groups, 'aianalyst_groups.json')`.
 */
export function envelope<T = Json>(json: unknown, name: string): FixtureEnvelope<T> {
  const e = json as Partial<FixtureEnvelope<T>> | null;
  const meta = e?._fixture;
  if (!e || typeof e !== 'object' || !meta || typeof meta.endpoint !== 'string' || !PROVENANCES.includes(meta.provenance as Provenance)
    || !Number.isInteger(e.http_status) || !('response' in e)) {
    throw new Error(`${name} is not a fixture envelope {_fixture: {endpoint, provenance, …}, http_status, response}`);
  }
  return e as FixtureEnvelope<T>;
}
