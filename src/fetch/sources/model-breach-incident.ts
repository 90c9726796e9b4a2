// Model breach → XSOAR incident (SPEC §4, reference soar-conventions §3.2).
//
// Decisions:
// - name: `Darktrace Model Breach #<pbid>: <model name>`; the model name is `model.then.name`, else
//   `model.now.name`, else `model.name` (historicmodelonly shape). Without any model name the name is the
//   legacy pack's `Darktrace Model Breach #<pbid>` (no dangling colon).
// - occurred: `time` (first activity; `creationTime` when absent) as `YYYY-MM-DDTHH:MM:SS.000Z`, the
//   project-wide ms → ISO rule (src/registry/time.ts, SPEC §3: XSOAR's timestamp_to_datestring, whole
//   seconds). Darktrace times are whole seconds in practice, so nothing is lost.
// - severity (XSOAR scale): `compliance: true` → 2 (it overrides the category, as in the Darktrace UI);
//   else category (case-insensitive) informational 1, compliance 2, suspicious 3, critical 4, read from
//   `model.then`, else `model.now`, else `model`; else by score (percentscore, or score × 100):
//   ≥ 90 → 4, ≥ 75 → 3, ≥ 45 → 2 (the Splunk connector's 75/45 high/medium bands), otherwise 1;
//   no category and no score → 0 (unknown).
// - details: short multi-line text: model, device (hostname or label, with IP), score %, category, and
//   the model description — each line only when known.
// - rawJSON: the whole breach exactly as received, JSON-stringified. A breach without `device` or `model`
//   still maps; nothing here throws on a missing optional field.

import { msToIso } from '../../registry/time.js';
import { isObject } from '../../util/json.js';
import type { Incident } from '../source.js';

type Obj = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The model definitions of a breach, most relevant first: then (at breach time), now, flat (historic). */
function modelViews(breach: Obj): Obj[] {
  const model = breach.model;
  if (!isObject(model)) return [];
  const views: Obj[] = [];
  if (isObject(model.then)) views.push(model.then);
  if (isObject(model.now)) views.push(model.now);
  if (!isObject(model.then) && !isObject(model.now)) views.push(model);
  return views;
}

function fromModel<T>(breach: Obj, pick: (m: Obj) => T | undefined): T | undefined {
  for (const m of modelViews(breach)) {
    const v = pick(m);
    if (v !== undefined) return v;
  }
  return undefined;
}

export function modelName(breach: Obj): string | undefined {
  return fromModel(breach, (m) => str(m.name));
}

function device(breach: Obj): Obj | undefined {
  if (isObject(breach.device)) return breach.device;
  const components = Array.isArray(breach.triggeredComponents) ? breach.triggeredComponents : [];
  for (const c of components) if (isObject(c) && isObject(c.device)) return c.device; // deviceattop=false shape
  return undefined;
}

/** Breach score as a percentage 0–100, or undefined. */
export function percentScore(breach: Obj): number | undefined {
  const pct = num(breach.percentscore);
  if (pct !== undefined) return pct;
  const score = num(breach.score);
  return score === undefined ? undefined : Math.round(score * 1000) / 10;
}

export const MODEL_BREACH_INCIDENT_TYPE = 'Darktrace Model Breach';

const CATEGORY_SEVERITY: Record<string, number> = { informational: 1, compliance: 2, suspicious: 3, critical: 4 };

export function breachSeverity(breach: Obj): number {
  if (fromModel(breach, (m) => (typeof m.compliance === 'boolean' ? m.compliance : undefined)) === true) return 2;
  const category = fromModel(breach, (m) => str(m.category));
  const bySeverity = category ? CATEGORY_SEVERITY[category.trim().toLowerCase()] : undefined;
  if (bySeverity !== undefined) return bySeverity;
  const pct = percentScore(breach);
  if (pct === undefined) return 0;
  if (pct >= 90) return 4;
  if (pct >= 75) return 3;
  if (pct >= 45) return 2;
  return 1;
}

export function breachDetails(breach: Obj): string {
  const lines: string[] = [];
  const name = modelName(breach);
  if (name) lines.push(`Model: ${name}`);
  const dev = device(breach);
  if (dev) {
    const label = str(dev.hostname) ?? str(dev.label) ?? str(dev.devicelabel);
    const ip = str(dev.ip);
    const did = num(dev.did);
    const who = label && ip ? `${label} (${ip})` : (label ?? ip ?? (did !== undefined ? `did ${did}` : undefined));
    if (who) lines.push(`Device: ${who}`);
  }
  const pct = percentScore(breach);
  if (pct !== undefined) lines.push(`Score: ${Math.round(pct)}%`);
  const category = fromModel(breach, (m) => str(m.category));
  if (category) lines.push(`Category: ${category}`);
  const description = fromModel(breach, (m) => str(m.description));
  if (description) lines.push(`Description: ${description.replace(/\\n/g, ' ').replace(/\s+/g, ' ').trim()}`);
  return lines.join('\n');
}

/** Maps one breach to an XSOAR incident; `pbid` defaults to `breach.pbid` (the engine passes the parsed one). */
export function breachToIncident(breach: Obj, pbid: number | string = String(breach.pbid)): Incident {
  const name = modelName(breach);
  const time = num(breach.time) ?? num(breach.creationTime);
  return {
    name: name ? `Darktrace Model Breach #${pbid}: ${name}` : `Darktrace Model Breach #${pbid}`,
    type: MODEL_BREACH_INCIDENT_TYPE,
    occurred: msToIso(time) ?? '',
    severity: breachSeverity(breach),
    dbotMirrorId: String(pbid),
    details: breachDetails(breach),
    rawJSON: JSON.stringify(breach),
  };
}
