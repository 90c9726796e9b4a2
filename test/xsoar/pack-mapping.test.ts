// The pack's incident definitions hold together and fill what they show: every field the mapper writes and every
// field a layout shows is an incident field of that type; each source's sample incident — a fixture record through
// the real source's incident mapping (src/fetch/sources) — gets a value for every field its type's layout shows when
// the generated mapper is applied to its rawJSON (mapper-eval.ts), and the classifier gives the type the source set.
import { describe, expect, it } from 'vitest';
import breaches from '../../src/emulator/fixtures/modelbreaches.json' with { type: 'json' };
import aiaWithUrl from '../../src/emulator/fixtures/darktrace-extended/aianalyst_incidentevents_with_url.json' with { type: 'json' };
import antigena from '../../src/emulator/fixtures/darktrace-extended/antigena_actions.json' with { type: 'json' };
import { aiAnalystToIncident } from '../../src/fetch/sources/ai-analyst.js';
import { breachToIncident } from '../../src/fetch/sources/model-breach-incident.js';
import { respondActionToIncident } from '../../src/fetch/sources/respond-actions.js';
import { respondState } from '../../src/darktrace/resources/antigena.js';
import type { Incident } from '../../src/fetch/source.js';
import { FIELDS, INCIDENT_TYPES, RESPOND_STATE_EXPRESSION } from '../../src/xsoar/pack/fields.js';
import {
  classifierDoc, incidentFieldDoc, incidentTypeDoc, layoutDoc, mapperDoc,
} from '../../src/xsoar/pack/incident-definitions.js';
import { evaluate, evaluateExpression, fills, type SerialisedValue } from './mapper-eval.js';

type Obj = Record<string, unknown>;
const NOW = Date.parse('2020-02-18T15:30:00Z');

const fieldsByName = new Map(FIELDS.map((f) => [f.name, incidentFieldDoc(f)]));
const fieldsByCli = new Map(FIELDS.map((f) => [f.cliName, incidentFieldDoc(f)]));
const mapper = mapperDoc();

/** The cliNames a layout shows, from its generated JSON (detailsV2 tabs → sections → items). */
function layoutFieldIds(layout: ReturnType<typeof layoutDoc>): string[] {
  return layout.detailsV2.tabs.flatMap((t) => ('sections' in t ? t.sections : []) ?? []).flatMap((s) => s.items.map((i) => i.fieldId));
}

/** Applies the mapper's section for the incident's type to its rawJSON: {cliName: value}. */
function mapIncident(incident: Incident): Record<string, unknown> {
  const section = mapper.mapping[incident.type];
  if (!section) throw new Error(`the mapper has no section for ${incident.type}`);
  const event = JSON.parse(incident.rawJSON) as unknown;
  const out: Record<string, unknown> = {};
  for (const [name, entry] of Object.entries(section.internalMapping)) {
    const field = fieldsByName.get(name);
    if (!field) throw new Error(`the mapper writes ${name}, which is no incident field`);
    out[field.cliName] = evaluate(entry as SerialisedValue, event, NOW);
  }
  return out;
}

// The breach as the model-breach source fetches it (includebreachurl=true adds breachUrl, reference darktrace-api
// §modelbreaches) from a current appliance, whose model definitions carry `category` (the documented object in
// the same section; the official pack's fixture predates it).
const breach = structuredClone(breaches[0]) as Obj & { model: { then: Obj } };
breach.breachUrl = `https://darktrace.example.com/#modelbreach/${String(breach.pbid)}`;
breach.model.then.category = 'Suspicious';
const aiaEvent = aiaWithUrl.response[0] as Obj;
const respondAction = antigena.response[0] as Obj;

const SAMPLES: Array<{ type: string; incident: Incident }> = [
  { type: 'Darktrace Model Breach', incident: breachToIncident(breach) },
  { type: 'Darktrace AI Analyst Event', incident: aiAnalystToIncident(aiaEvent) },
  { type: 'Darktrace RESPOND Action', incident: respondActionToIncident(respondAction, Number(respondAction.codeid), NOW) },
];

describe('incident definitions reference each other', () => {
  it('every field the mapper writes exists as an incident field associated with that type', () => {
    for (const [type, section] of Object.entries(mapper.mapping)) {
      for (const name of Object.keys(section.internalMapping)) {
        const field = fieldsByName.get(name);
        expect(field, `${type}: ${name}`).toBeDefined();
        expect(field!.associatedTypes, `${name} is associated with ${type}`).toContain(type);
        expect(field!.id).toBe(`incident_${field!.cliName}`);
      }
    }
    expect(Object.keys(mapper.mapping).sort()).toEqual(INCIDENT_TYPES.map((t) => t.name).sort());
  });

  it('every field a layout shows exists as an incident field of its type, and the mapper fills it', () => {
    for (const type of INCIDENT_TYPES) {
      const layout = layoutDoc(type.name);
      const shown = layoutFieldIds(layout);
      expect(shown.length).toBeGreaterThan(3);
      const mapped = Object.keys(mapper.mapping[type.name]!.internalMapping).map((n) => fieldsByName.get(n)!.cliName);
      for (const id of shown) {
        expect(fieldsByCli.get(id), `${type.name} layout shows ${id}`).toBeDefined();
        expect(fieldsByCli.get(id)!.associatedTypes).toContain(type.name);
        expect(mapped, `${type.name}: ${id} is mapped`).toContain(id);
      }
      expect(incidentTypeDoc(type).layout).toBe(layout.id);
    }
  });

  it('fields with the official pack\'s ids keep its types (an installed field\'s type cannot change)', () => {
    // demisto/content Packs/Darktrace/IncidentFields/incidentfield-Darktrace_{Device_ID,Device_IP,Device_Hostname,
    // Model_Breach_ID,Model_Name,Model_UUID}.json
    const official: Record<string, string> = {
      darktracedeviceid: 'shortText', darktracedeviceip: 'shortText', darktracedevicehostname: 'shortText',
      darktracemodelbreachid: 'number', darktracemodelname: 'shortText', darktracemodeluuid: 'shortText',
    };
    for (const [cliName, type] of Object.entries(official)) expect(fieldsByCli.get(cliName)?.type, cliName).toBe(type);
  });

  it('the fields the playbooks read are mapped for model breaches', () => {
    const mapped = Object.keys(mapper.mapping['Darktrace Model Breach']!.internalMapping).map((n) => fieldsByName.get(n)!.cliName);
    for (const id of ['darktracemodelbreachid', 'darktracedeviceid', 'darktraceexternalhostnames', 'darktraceexternalips']) expect(mapped).toContain(id);
  });
});

describe('each source\'s sample incident fills its layout', () => {
  for (const { type, incident } of SAMPLES) {
    it(`${type}: every field its layout shows gets a value`, () => {
      expect(incident.type).toBe(type);
      const mapped = mapIncident(incident);
      const empty = layoutFieldIds(layoutDoc(type as never)).filter((id) => !fills(mapped[id]));
      expect(empty, `${type}: layout fields left empty`).toEqual([]);
    });

    it(`${type}: the classifier gives the type the source set`, () => {
      const classifier = classifierDoc();
      const key = evaluate(classifier.transformer, JSON.parse(incident.rawJSON), NOW);
      expect((classifier.keyTypeMap as Record<string, string>)[String(key)]).toBe(type);
    });
  }

  it('model breach values are the breach\'s', () => {
    const mapped = mapIncident(SAMPLES[0]!.incident);
    expect(mapped).toMatchObject({
      darktracedeviceid: 823,
      darktracedeviceip: '10.0.0.1',
      darktracedevicehostname: 'ip-10-0-0-1',
      darktracemodelbreachid: 159,
      darktracemodelname: 'Testing::Cheese-y DNS',
      darktracemodeluuid: 'd04218f3-f67e-4802-9e65-bc6675e5e276',
      darktracemodelcategory: 'Suspicious',
      darktracelink: 'https://darktrace.example.com/#modelbreach/159',
    });
    expect(mapped.darktracescore).toBeCloseTo(Number(breach.score) * 100, 6);
    expect([mapped.darktraceexternalhostnames].flat()).toEqual(['cheese.com']);
    expect(mapped.darktraceexternalips).toBeUndefined();
  });

  it('AI Analyst values are the event\'s', () => {
    expect(mapIncident(SAMPLES[1]!.incident)).toMatchObject({
      darktraceaianalystuuid: 'da042c57-3e45-4e65-aca5-63dbcdf8df0c',
      darktraceaianalystgroup: 'gda042c57-3e45-4e65-aca5-63dbcdf8df0c',
      darktraceaianalystcategory: 'suspicious',
      darktraceaianalysttitle: 'SMB Writes of Suspicious Files',
      darktracedeviceid: '9',
      darktracedevicehostname: 'win10.windomain.local',
      darktraceaianalystrelatedbreaches: '182',
      darktracelink: 'https://my.darktrace.com/#aiaincidentevent/da042c57-3e45-4e65-aca5-63dbcdf8df0c',
    });
  });

  it('RESPOND values are the action\'s', () => {
    expect(mapIncident(SAMPLES[2]!.incident)).toMatchObject({
      darktracerespondcodeid: 4764,
      darktracerespondaction: 'quarantine',
      darktracerespondstate: 'active',
      darktracerespondexpires: 1582041724000,
      darktracedeviceid: 316,
      darktracedeviceip: '10.0.18.224',
      darktracemodelbreachid: 442301,
      darktracemodeluuid: 'd92d6f73-gc1b-cg96-d4g8-df8a79f2a3cd',
    });
  });

  it('the RESPOND state expression agrees with the plugin\'s respondState for every flag combination', () => {
    const expires = NOW + 60_000;
    for (const active of [true, false]) {
      for (const cleared of [true, false]) {
        for (const at of [expires, NOW, NOW - 1]) {
          const action = { active, cleared, expires: at };
          expect(evaluateExpression(RESPOND_STATE_EXPRESSION, action, NOW), JSON.stringify(action)).toBe(respondState(action, NOW));
        }
      }
    }
  });
});
