// GET /summarystatistics (reference §4): the default counts, hourly event counts (eventtype), cSensor
// bandwidth (csensor=true) and the MITRE tactic breakdown (mitreTactics=true), from the fixtures; any
// request with `hours` answers 400 {"summarystatistics":"INPUT ERROR"} as 7.x appliances do.
import base from '../../fixtures/darktrace-extended/summarystatistics.json' with { type: 'json' };
import csensor from '../../fixtures/darktrace-extended/summarystatistics_csensor.json' with { type: 'json' };
import eventtype from '../../fixtures/darktrace-extended/summarystatistics_eventtype.json' with { type: 'json' };
import hoursError from '../../fixtures/darktrace-extended/summarystatistics_hours_input_error.json' with { type: 'json' };
import mitre from '../../fixtures/darktrace-extended/summarystatistics_mitretactics.json' with { type: 'json' };
import { clone, envelope } from '../../fixtures.js';
import type { Exchange } from '../../http.js';
import { hash } from '../../prng.js';
import { defineResource, type Scope } from '../../resource.js';
import { DAY, HOUR, dtTime } from '../../time.js';
import type { JsonObject } from '../../types.js';

const CATEGORIES = ['saas', 'csensor', 'network', 'loginput'];
const KINDS = ['notices', 'devicedetails', 'modelevents'];
export const EVENT_TYPES = [...CATEGORIES, ...KINDS, ...CATEGORIES.flatMap((c) => KINDS.map((k) => c + k))].filter((t) => t !== 'saasdevicedetails');

const fixtures = {
  base: envelope<JsonObject>(base, 'summarystatistics.json'),
  csensor: envelope<JsonObject>(csensor, 'summarystatistics_csensor.json'),
  eventtype: envelope<{ events: true; data: Array<{ timems: number; time: string; events: number }> }>(eventtype, 'summarystatistics_eventtype.json'),
  hoursError: envelope<JsonObject>(hoursError, 'summarystatistics_hours_input_error.json'),
  mitre: envelope<JsonObject>(mitre, 'summarystatistics_mitretactics.json'),
};

/** The endpoint's own error body (the hours capture): the key is the endpoint name. */
const inputError = (x: Exchange) => x.json(fixtures.hoursError.http_status, clone(fixtures.hoursError.response));

/** `to` as the guide writes it: `YYYY-MM-DD HH:MM:SS` or with a `T`, UTC. */
function parseTo(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return new Date(ms).toISOString().slice(0, 19) === `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}` ? ms : undefined;
}

/**
 * 28 days of hourly buckets before the end (the last bucket starts an hour before it); the loginput fixture's
 * three captured hours keep their captured values when the window covers them.
 */
function hourly(type: string, end: number, seed: number) {
  const last = Math.floor(end / HOUR) * HOUR - HOUR;
  const captured = type === 'loginput' ? new Map(fixtures.eventtype.response.data.map((p) => [p.timems, p.events])) : new Map();
  const data = [];
  for (let t = last - 28 * DAY + HOUR; t <= last; t += HOUR) {
    data.push({ timems: t, time: dtTime(t), events: captured.get(t) ?? 1000 + (hash(seed, 'events', type, t) % 50_000) });
  }
  return { events: true, data };
}

function summaryStatistics(x: Exchange, { env }: Scope<undefined, undefined>) {
  const { params } = x;
  if (params.has('hours')) return inputError(x);
  const type = params.str('eventtype');
  if (type !== undefined && !EVENT_TYPES.includes(type)) return inputError(x);
  const bandwidthOfCsensor = params.has('csensor') ? params.bool('csensor', false) : undefined;
  const tactics = params.has('mitreTactics') ? params.bool('mitreTactics', false) : undefined;
  const endtime = params.int('endtime');
  const to = params.str('to');
  // Strict where 7.x is lenient (reference §4.3): only one modifier, and an end only with eventtype.
  const modifiers = [type !== undefined, bandwidthOfCsensor !== undefined, tactics !== undefined].filter(Boolean).length;
  if (modifiers > 1) return inputError(x);
  if ((endtime !== undefined || to !== undefined) && type === undefined) return inputError(x);
  if (endtime !== undefined && to !== undefined) return inputError(x);
  if (type !== undefined) {
    const end = endtime ?? (to !== undefined ? parseTo(to) : env.now());
    if (end === undefined) return inputError(x);
    return x.ok(hourly(type, end, env.seed));
  }
  if (tactics === true) return x.ok(clone(fixtures.mitre.response));
  if (bandwidthOfCsensor === true) return x.ok(clone(fixtures.csensor.response));
  x.ok(clone(fixtures.base.response)); // csensor=false and mitreTactics=false give the default shape
}

export default defineResource({
  name: 'summarystatistics',
  routes: [{ method: 'GET', path: '/summarystatistics', permission: 'Visualizer', handle: summaryStatistics }],
});
