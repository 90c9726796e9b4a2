import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { FIXTURES } from './helpers.js';

const SHARED = new URL('../../../shared/fixtures/darktrace-extended/', import.meta.url);
const COPIES: Array<[URL, string]> = [
  ...['metricdata_single', 'metricdata_multi', 'metricdata_breachtimes', 'metrics_list', 'metrics_mlid_13'].map((n): [URL, string] => [FIXTURES, n]),
  [new URL('../../src/emulator/resources/metrics/fixtures/', import.meta.url), 'metrics_list'],
];

it.runIf(existsSync(SHARED))('the metric fixture copies are byte-identical to the shared ones', () => {
  for (const [folder, name] of COPIES) {
    expect(readFileSync(new URL(`${name}.json`, folder), 'utf8'), name).toBe(readFileSync(new URL(`${name}.json`, SHARED), 'utf8'));
  }
});
