import { describe, expect, it } from 'vitest';
import { breachSeverity, breachToIncident } from '../../src/fetch/index.js';
import { fixtureBreaches } from './fake-appliance.js';

describe('breachToIncident', () => {
  const [b159, b158] = fixtureBreaches();

  it('maps fixture breach 159 exactly', () => {
    expect(breachToIncident(b159)).toEqual({
      name: 'Darktrace Model Breach #159: Testing::Cheese-y DNS',
      type: 'Darktrace Model Breach',
      occurred: '2020-09-01T05:20:19.000Z',
      severity: 2,
      dbotMirrorId: '159',
      details: 'Model: Testing::Cheese-y DNS\nDevice: ip-10-0-0-1 (10.0.0.1)\nScore: 73%\nDescription: DNS lookups for various cheese.com',
      rawJSON: JSON.stringify(b159),
    });
  });

  it('maps fixture breach 158 exactly', () => {
    expect(breachToIncident(b158)).toEqual({
      name: 'Darktrace Model Breach #158: Antigena::Network::Model',
      type: 'Darktrace Model Breach',
      occurred: '2020-09-01T04:42:09.000Z',
      severity: 2,
      dbotMirrorId: '158',
      details: 'Model: Antigena::Network::Model\nDevice: ip-10-0-0-1 (10.0.0.1)\nScore: 69%\nDescription: Antigena response to event',
      rawJSON: JSON.stringify(b158),
    });
  });

  it('rawJSON is the full breach and round-trips', () => {
    expect(JSON.parse(breachToIncident(b159).rawJSON)).toEqual(b159);
  });

  it('a breach without device or model block still becomes an incident', () => {
    const bare = { pbid: 7, creationTime: 1_700_000_001_000, time: 1_700_000_000_000, score: 0.95 };
    expect(breachToIncident(bare)).toEqual({
      name: 'Darktrace Model Breach #7',
      type: 'Darktrace Model Breach',
      occurred: '2023-11-14T22:13:20.000Z',
      severity: 4,
      dbotMirrorId: '7',
      details: 'Score: 95%',
      rawJSON: JSON.stringify(bare),
    });
  });

  it('survives odd shapes without throwing', () => {
    const odd = { pbid: 8, creationTime: 1, model: 'x', device: null, triggeredComponents: 'nope', score: 'high' };
    const inc = breachToIncident(odd);
    expect(inc).toMatchObject({ name: 'Darktrace Model Breach #8', occurred: '1970-01-01T00:00:00.000Z', severity: 0, details: '' });
  });

  it('falls back to model.now, to a flat (historicmodelonly) model, and to the device in triggeredComponents', () => {
    expect(breachToIncident({ pbid: 1, creationTime: 0, model: { now: { name: 'A::Now', category: 'Critical' } } })).toMatchObject({
      name: 'Darktrace Model Breach #1: A::Now',
      severity: 4,
      details: 'Model: A::Now\nCategory: Critical',
    });
    expect(breachToIncident({ pbid: 2, creationTime: 0, model: { name: 'A::Flat' } }).name).toBe('Darktrace Model Breach #2: A::Flat');
    const nested = { pbid: 3, creationTime: 0, triggeredComponents: [{ device: { did: 5, label: 'printer' } }] };
    expect(breachToIncident(nested).details).toBe('Device: printer');
    expect(breachToIncident({ pbid: 4, creationTime: 0, device: { did: 9 } }).details).toBe('Device: did 9');
  });

  it('occurred falls back to creationTime when time is absent', () => {
    expect(breachToIncident({ pbid: 1, creationTime: 1_598_937_620_000 }).occurred).toBe('2020-09-01T05:20:20.000Z');
  });

  it('occurred uses the project-wide format: whole seconds, .000Z (SPEC §3)', () => {
    expect(breachToIncident({ pbid: 1, creationTime: 0, time: 1_700_000_000_999 }).occurred).toBe('2023-11-14T22:13:20.000Z');
  });
});

describe('breachSeverity', () => {
  const withModel = (then: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ pbid: 1, creationTime: 0, model: { then }, ...extra });

  it.each([
    ['Informational', 1],
    ['informational', 1],
    ['Compliance', 2],
    ['Suspicious', 3],
    ['CRITICAL', 4],
  ])('category %s → %d', (category, severity) => {
    expect(breachSeverity(withModel({ category }, { score: 0.99 }))).toBe(severity);
  });

  it('compliance: true overrides the category', () => {
    expect(breachSeverity(withModel({ category: 'Critical', compliance: true }))).toBe(2);
    expect(breachSeverity(withModel({ category: 'Critical', compliance: false }))).toBe(4);
  });

  it('model.then wins over model.now', () => {
    expect(breachSeverity({ pbid: 1, creationTime: 0, model: { then: { category: 'Suspicious' }, now: { category: 'Critical' } } })).toBe(3);
  });

  it.each([
    [{ score: 0.95 }, 4],
    [{ score: 0.9 }, 4],
    [{ score: 0.899 }, 3],
    [{ score: 0.75 }, 3],
    [{ score: 0.729 }, 2],
    [{ score: 0.45 }, 2],
    [{ score: 0.449 }, 1],
    [{ score: 0 }, 1],
    [{ percentscore: 91, score: 0.1 }, 4],
    [{}, 0],
  ])('unknown category → by score: %j → %d', (extra, severity) => {
    expect(breachSeverity(withModel({ category: 'Something new' }, extra))).toBe(severity);
  });
});
