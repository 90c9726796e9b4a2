// Fixtures (the emulator's byte-identical copies of shared/fixtures/darktrace-extended, checked in
// test/emulator/data.test.ts) and the catalogue the metric tests use: the fixture list plus
// `internalconnections`, which metricdata_multi.json asks for but metrics_list.json's six-entry sample lacks.
import { readFileSync } from 'node:fs';
import { MetricCatalogue, MetricDataResponseSchema, MetricListSchema, planMetricQueries, splitMetricData, type MetricDataArgs, type MetricPlan } from '../../src/metrics/index.js';
import { wireQuery } from '../../src/darktrace/signing.js';

export const FIXTURES = new URL('../../src/emulator/fixtures/darktrace-extended/', import.meta.url);

export interface Fixture {
  _fixture: { endpoint: string; request: string; provenance: string; notes: string };
  http_status: number;
  response: unknown;
}

export const fixture = (name: string): Fixture => JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8'));

export const INTERNAL_CONNECTIONS = {
  mlid: 2, name: 'internalconnections', label: 'Internal Connections', set: 'A', units: '',
  filtertypes: ['Direction'], unitsinterval: 3600, lengthscale: 9_999_960,
};

export const catalogue = () =>
  new MetricCatalogue([...MetricListSchema.parse(fixture('metrics_list').response), INTERNAL_CONNECTIONS]);

/** 2024-01-15T12:00:00Z: the clock of every metric test (all fixture data is in the past). */
export const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);

export function plan(args: MetricDataArgs, now = NOW, withCatalogue = true): MetricPlan {
  const result = planMetricQueries(args, { now, catalogue: withCatalogue ? catalogue() : undefined });
  if (!result.ok) throw new Error(`unexpected plan errors: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

/** The query strings as they go on the wire, one per request. */
export const wire = (p: MetricPlan) => p.queries.map((q) => wireQuery(q.query));

export const answerOf = (name: string, did?: number) => {
  const answer = splitMetricData(MetricDataResponseSchema.parse(fixture(name).response));
  return did === undefined ? { answer } : { did, answer };
};
