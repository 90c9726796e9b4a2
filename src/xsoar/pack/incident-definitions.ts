// Incident types, incident fields, the classifier, the incoming mapper and a layout per type, all from the table
// in fields.ts. File names and JSON shapes follow the content repository (Packs/<Pack>/IncidentTypes/
// incidenttype-*.json, IncidentFields/incidentfield-*.json, Classifiers/classifier-*.json and
// classifier-mapper-incoming-*.json, Layouts/layoutscontainer-*.json).
import {
  CLASSIFIER_EXPRESSION, FIELDS, INCIDENT_TYPES, MB, fieldsOf, type FieldDef, type IncidentTypeName, type MappingValue,
} from './fields.js';
import { PACK_FROM_VERSION, PACK_NAME } from './metadata.js';

export const CLASSIFIER_ID = `${PACK_NAME} - Classifier`;
export const MAPPER_ID = `${PACK_NAME} - Incoming Mapper`;
export const layoutId = (type: string) => `${type} Layout`;

/** Content-repo file name part: spaces and punctuation → underscores. */
export const fileStem = (name: string) => name.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');

const json = (value: unknown) => `${JSON.stringify(value, null, 4)}\n`;

export function incidentTypeDoc(type: (typeof INCIDENT_TYPES)[number]) {
  return {
    id: type.name,
    version: -1,
    vcShouldIgnore: false,
    locked: false,
    name: type.name,
    prevName: type.name,
    color: type.color,
    hours: 0, days: 0, weeks: 0, hoursR: 0, daysR: 0, weeksR: 0,
    system: false,
    readonly: false,
    default: false,
    autorun: type.playbookId !== undefined,
    ...(type.playbookId ? { playbookId: type.playbookId } : {}),
    preProcessingScript: '',
    closureScript: '',
    disabled: false,
    reputationCalc: 0,
    onChangeRepAlg: 0,
    detached: false,
    layout: layoutId(type.name),
    fromVersion: PACK_FROM_VERSION,
  };
}

export function incidentFieldDoc(field: FieldDef) {
  return {
    associatedToAll: false,
    associatedTypes: INCIDENT_TYPES.map((t) => t.name).filter((t) => field.from[t] !== undefined),
    caseInsensitive: true,
    cliName: field.cliName,
    closeForm: false,
    content: true,
    description: field.description,
    editForm: true,
    group: 0,
    hidden: false,
    id: `incident_${field.cliName}`,
    isReadOnly: false,
    locked: false,
    name: field.name,
    neverSetAsRequired: false,
    ownerOnly: false,
    required: false,
    sla: 0,
    system: false,
    threshold: 72,
    type: field.type,
    unmapped: false,
    unsearchable: false,
    useAsKpi: false,
    version: -1,
    fromVersion: PACK_FROM_VERSION,
  };
}

export function classifierDoc() {
  return {
    id: CLASSIFIER_ID,
    name: `${PACK_NAME} Classifier`,
    type: 'classification',
    description: 'Classifies each fetched Darktrace record by its source: RESPOND actions (codeid), AI Analyst events (currentGroup), otherwise model breaches.',
    version: -1,
    fromVersion: PACK_FROM_VERSION,
    defaultIncidentType: MB,
    feed: false,
    keyTypeMap: Object.fromEntries(INCIDENT_TYPES.map((t) => [t.name, t.name])),
    transformer: { simple: CLASSIFIER_EXPRESSION },
  };
}

/** XSOAR's serialised form of a mapping value (both keys present, as the content repo writes them). */
function mappingEntry(value: MappingValue) {
  if (value.complex) {
    const { root, accessor = '', filters = [], transformers = [] } = value.complex;
    return { complex: { root, accessor, filters, transformers }, simple: '' };
  }
  return { complex: null, simple: value.simple ?? '' };
}

export function mapperDoc() {
  const mapping: Record<string, { dontMapEventToLabels: boolean; internalMapping: Record<string, unknown> }> = {};
  for (const type of INCIDENT_TYPES) {
    mapping[type.name] = {
      dontMapEventToLabels: false,
      internalMapping: Object.fromEntries(fieldsOf(type.name).map((f) => [f.name, mappingEntry(f.from[type.name]!)])),
    };
  }
  return {
    id: MAPPER_ID,
    name: `${PACK_NAME} Incoming Mapper`,
    type: 'mapping-incoming',
    description: 'Maps the Darktrace records the DarktraceSOAR integration fetches (model breaches, AI Analyst events, RESPOND actions) to the pack\'s incident fields.',
    version: -1,
    fromVersion: PACK_FROM_VERSION,
    feed: false,
    mapping,
  };
}

/** The fields a layout shows per section, in table order (ids are the fields' cliNames). */
export function layoutSections(type: IncidentTypeName): Array<{ name: string; fields: string[] }> {
  const sections = new Map<string, string[]>();
  for (const f of fieldsOf(type)) if (f.section) sections.set(f.section, [...(sections.get(f.section) ?? []), f.cliName]);
  return [...sections].map(([name, fields]) => ({ name: `Darktrace ${name === 'Darktrace' ? 'Details' : name}`, fields }));
}

export function layoutDoc(type: IncidentTypeName) {
  const sections = layoutSections(type).map((s, i) => ({
    displayType: 'ROW',
    h: Math.max(2, s.fields.length),
    i: `${fileStem(type).toLowerCase()}-${i}`,
    isVisible: true,
    items: s.fields.map((cliName, index) => ({
      endCol: 2, fieldId: cliName, height: 22, id: `${fileStem(type).toLowerCase()}-${i}-${cliName}`, index, sectionItemType: 'field', startCol: 0,
    })),
    maxW: 3, moved: false, name: s.name, static: false, w: 1, x: i % 3, y: 0,
  }));
  return {
    id: layoutId(type),
    name: layoutId(type),
    group: 'incident',
    version: -1,
    fromVersion: PACK_FROM_VERSION,
    description: `Shows a ${type} incident's Darktrace fields.`,
    detailsV2: {
      tabs: [
        { id: 'summary', name: 'Legacy Summary', type: 'summary' },
        { id: 'darktrace', name: 'Darktrace', type: 'custom', sections },
        { id: 'warRoom', name: 'War Room', type: 'warRoom' },
        { id: 'workPlan', name: 'Work Plan', type: 'workPlan' },
      ],
    },
  };
}

export interface TextFile { path: string; content: string }

/** Every incident-definition file of the pack, paths relative to the pack folder. */
export function incidentDefinitionFiles(): TextFile[] {
  return [
    ...INCIDENT_TYPES.map((t) => ({ path: `IncidentTypes/incidenttype-${fileStem(t.name)}.json`, content: json(incidentTypeDoc(t)) })),
    ...FIELDS.map((f) => ({ path: `IncidentFields/incidentfield-${fileStem(f.name)}.json`, content: json(incidentFieldDoc(f)) })),
    { path: `Classifiers/classifier-${PACK_NAME}.json`, content: json(classifierDoc()) },
    { path: `Classifiers/classifier-mapper-incoming-${PACK_NAME}.json`, content: json(mapperDoc()) },
    ...INCIDENT_TYPES.map((t) => ({ path: `Layouts/layoutscontainer-${fileStem(t.name)}.json`, content: json(layoutDoc(t.name)) })),
  ];
}
