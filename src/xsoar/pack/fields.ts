// The one table of the pack's incident definitions: the three incident types (one per fetch source) and every
// incident field, with where each type's incoming mapper reads it in OUR incidents' rawJSON (the Darktrace record
// exactly as received; src/fetch/sources). Incident types, fields, the classifier, the mapper and the layouts
// (incident-definitions.ts) are all generated from this table.
//
// Mapping values use the subset of XSOAR's mapper language below, and nothing else (the pack tests evaluate it):
// - `{simple: 'a.b'}` a DT path into the event (arrays along the path are flattened, as DT does);
// - `{complex: {root, accessor?, filters?, transformers?}}` with the filters `inList` and the built-in transformers
//   `join`, `uniq`, `multiply`;
// - `{simple: '${.=<JavaScript>}'}` a DT expression over the event (`val`), where a value must be computed
//   (the RESPOND state and the classifier's type), evaluated when XSOAR maps the incident, i.e. when it is fetched.
//
// Incident type names and the fields the official Darktrace pack also has (device id/ip/hostname, model breach id,
// model name/uuid) keep the official ids on purpose: incidents and playbooks written for it keep their fields. So the
// two packs cannot be installed together (README "Installing the XSOAR pack").
import { AI_ANALYST_INCIDENT_TYPE } from '../../fetch/sources/ai-analyst.js';
import { MODEL_BREACH_INCIDENT_TYPE } from '../../fetch/sources/model-breach-incident.js';
import { RESPOND_INCIDENT_TYPE } from '../../fetch/sources/respond-actions.js';

/** XSOAR incident field types we use. */
export type FieldType = 'shortText' | 'longText' | 'number' | 'date' | 'url' | 'multiSelect' | 'boolean';

export interface FilterClause {
  operator: 'inList';
  left: { value: { simple: string }; iscontext: true };
  right: { value: { simple: string } };
}

export type Transformer =
  | { operator: 'join'; args: { separator: { value: { simple: string } } } }
  | { operator: 'uniq' }
  | { operator: 'multiply'; args: { by: { value: { simple: string } } } };

export interface MappingValue {
  simple?: string;
  complex?: { root: string; accessor?: string; filters?: FilterClause[][]; transformers?: Transformer[] };
}

export const MB = MODEL_BREACH_INCIDENT_TYPE;
export const AIA = AI_ANALYST_INCIDENT_TYPE;
export const RESPOND = RESPOND_INCIDENT_TYPE;
export const INCIDENT_TYPE_NAMES = [MB, AIA, RESPOND] as const;
export type IncidentTypeName = (typeof INCIDENT_TYPE_NAMES)[number];

export interface FieldDef {
  /** XSOAR's machine name (lower case letters and digits); the field id is `incident_<cliName>`. */
  cliName: string;
  name: string;
  type: FieldType;
  description: string;
  /**
   * Layout section the field is shown in; none: mapped (for playbooks and search) but not shown, because only some
   * records carry it (the layout shows what every record of the type has).
   */
  section?: 'Device' | 'Model' | 'Darktrace';
  /** Per incident type: where the mapper reads the value. A type absent here neither maps nor shows the field. */
  from: Partial<Record<IncidentTypeName, MappingValue>>;
}

const path = (simple: string): MappingValue => ({ simple });
const joined = (root: string, accessor: string): MappingValue => ({
  complex: { root, accessor, transformers: [{ operator: 'uniq' }, { operator: 'join', args: { separator: { value: { simple: ',' } } } }] },
});
/** The trigger values of a breach's triggered filters of the given types (external hostnames, IPs). */
const triggers = (filterTypes: readonly string[]): MappingValue => ({
  complex: {
    root: 'triggeredComponents.triggeredFilters',
    accessor: 'trigger.value',
    filters: [[{ operator: 'inList', left: { value: { simple: 'filterType' }, iscontext: true }, right: { value: { simple: filterTypes.join(',') } } }]],
    transformers: [{ operator: 'uniq' }],
  },
});

/** Breach filter types whose trigger values are external hostnames / IPs (the playbooks' inputs). */
export const HOSTNAME_FILTER_TYPES = ['Connection hostname', 'DNS host lookup'] as const;
export const IP_FILTER_TYPES = ['Destination IP'] as const;

/**
 * The RESPOND action's state as the plugin reports it (src/darktrace/resources/antigena.ts respondState), computed
 * from the record's flags when XSOAR maps the fetched incident.
 */
export const RESPOND_STATE_EXPRESSION = "${.=val.cleared ? 'cleared' : (val.expires <= Date.now() ? 'expired' : (val.active ? 'active' : 'pending'))}";

export const FIELDS: readonly FieldDef[] = [
  {
    cliName: 'darktracedeviceid', name: 'Darktrace Device ID', type: 'shortText', section: 'Device',
    description: 'Darktrace device id (did) of the breaching device; for an AI Analyst event, every breach device (comma-separated).',
    from: { [MB]: path('device.did'), [AIA]: joined('breachDevices', 'did'), [RESPOND]: path('did') },
  },
  {
    cliName: 'darktracedeviceip', name: 'Darktrace Device IP', type: 'shortText', section: 'Device',
    description: 'IP address of the device (AI Analyst: of every breach device, comma-separated).',
    from: { [MB]: path('device.ip'), [AIA]: joined('breachDevices', 'ip'), [RESPOND]: path('ip') },
  },
  {
    cliName: 'darktracedevicehostname', name: 'Darktrace Device Hostname', type: 'shortText', section: 'Device',
    description: 'Hostname of the device (AI Analyst: of every breach device, comma-separated). RESPOND actions carry no hostname.',
    from: { [MB]: path('device.hostname'), [AIA]: joined('breachDevices', 'hostname') },
  },
  {
    // A number, as in the official pack (the same field id).
    cliName: 'darktracemodelbreachid', name: 'Darktrace Model Breach ID', type: 'number', section: 'Model',
    description: 'Model breach id (pbid): the breach itself, or the breach that triggered a RESPOND action.',
    from: { [MB]: path('pbid'), [RESPOND]: path('pbid') },
  },
  {
    cliName: 'darktraceaianalystrelatedbreaches', name: 'Darktrace AI Analyst Related Breaches', type: 'shortText', section: 'Model',
    description: 'Ids (pbid) of the model breaches related to the AI Analyst event, comma-separated.',
    from: { [AIA]: joined('relatedBreaches', 'pbid') },
  },
  {
    cliName: 'darktracemodelname', name: 'Darktrace Model Name', type: 'shortText', section: 'Model',
    description: 'Name of the model that breached (as defined at breach time), or that triggered the RESPOND action.',
    from: { [MB]: path('model.then.name'), [RESPOND]: path('model') },
  },
  {
    cliName: 'darktracemodeluuid', name: 'Darktrace Model UUID', type: 'shortText', section: 'Model',
    description: 'UUID of the model (darktrace-get-model uuid=…).',
    from: { [MB]: path('model.then.uuid'), [RESPOND]: path('modeluuid') },
  },
  {
    cliName: 'darktracemodelcategory', name: 'Darktrace Model Category', type: 'shortText', section: 'Model',
    description: 'Category of the model at breach time: Informational, Suspicious, Critical or Compliance.',
    from: { [MB]: path('model.then.category') },
  },
  {
    cliName: 'darktracescore', name: 'Darktrace Score', type: 'number', section: 'Darktrace',
    description: 'Score 0-100: the breach score, the AI Analyst incident (group) score, or the RESPOND action\'s score.',
    from: {
      [MB]: { complex: { root: 'score', transformers: [{ operator: 'multiply', args: { by: { value: { simple: '100' } } } }] } },
      [AIA]: path('groupScore'),
      [RESPOND]: { complex: { root: 'score', transformers: [{ operator: 'multiply', args: { by: { value: { simple: '100' } } } }] } },
    },
  },
  {
    cliName: 'darktraceexternalhostnames', name: 'Darktrace External Hostnames', type: 'multiSelect',
    description: `External hostnames the breach involved: trigger values of its ${HOSTNAME_FILTER_TYPES.join(' and ')} filters.`,
    from: { [MB]: triggers(HOSTNAME_FILTER_TYPES) },
  },
  {
    cliName: 'darktraceexternalips', name: 'Darktrace External IPs', type: 'multiSelect',
    description: `External IP addresses the breach involved: trigger values of its ${IP_FILTER_TYPES.join(' and ')} filters.`,
    from: { [MB]: triggers(IP_FILTER_TYPES) },
  },
  {
    cliName: 'darktraceaianalystuuid', name: 'Darktrace AI Analyst Event UUID', type: 'shortText', section: 'Darktrace',
    description: 'UUID of the AI Analyst incident event (darktrace-list-ai-analyst-incident-events eventId=…).',
    from: { [AIA]: path('id') },
  },
  {
    cliName: 'darktraceaianalystgroup', name: 'Darktrace AI Analyst Incident Group', type: 'shortText', section: 'Darktrace',
    description: 'Id of the AI Analyst incident (group) the event belongs to (darktrace-list-ai-analyst-groups groupId=…).',
    from: { [AIA]: path('currentGroup') },
  },
  {
    cliName: 'darktraceaianalystcategory', name: 'Darktrace AI Analyst Category', type: 'shortText', section: 'Darktrace',
    description: 'Category of the AI Analyst incident (group): informational, suspicious or critical.',
    from: { [AIA]: path('groupCategory') },
  },
  {
    cliName: 'darktraceaianalysttitle', name: 'Darktrace AI Analyst Title', type: 'shortText', section: 'Darktrace',
    description: 'Title of the AI Analyst event.',
    from: { [AIA]: path('title') },
  },
  {
    cliName: 'darktracerespondcodeid', name: 'Darktrace RESPOND Code ID', type: 'shortText', section: 'Darktrace',
    description: 'codeid of the RESPOND action (darktrace-activate-respond-action / extend / clear codeid=…).',
    from: { [RESPOND]: path('codeid') },
  },
  {
    cliName: 'darktracerespondaction', name: 'Darktrace RESPOND Action Type', type: 'shortText', section: 'Darktrace',
    description: 'What the RESPOND action does, e.g. quarantine, connection, ratelimit.',
    from: { [RESPOND]: path('action') },
  },
  {
    cliName: 'darktracerespondstate', name: 'Darktrace RESPOND State', type: 'shortText', section: 'Darktrace',
    description: 'State of the RESPOND action when it was fetched: pending (awaits confirmation), active, expired or cleared.',
    from: { [RESPOND]: path(RESPOND_STATE_EXPRESSION) },
  },
  {
    cliName: 'darktracerespondexpires', name: 'Darktrace RESPOND Expires', type: 'date', section: 'Darktrace',
    description: 'When the RESPOND action expires.',
    from: { [RESPOND]: path('expires') },
  },
  {
    cliName: 'darktracelink', name: 'Darktrace Threat Visualizer Link', type: 'url', section: 'Darktrace',
    description: 'The record in the Darktrace Threat Visualizer (breachUrl / incidentEventUrl, fetched with includebreachurl / includeincidenteventurl). Darktrace documents no such link for RESPOND actions.',
    from: { [MB]: path('breachUrl'), [AIA]: path('incidentEventUrl') },
  },
];

export interface IncidentTypeDef {
  name: IncidentTypeName;
  color: string;
  /** The pack playbook XSOAR runs for a new incident of this type (none: the analyst picks). */
  playbookId?: string;
  /** What an analyst sees (README). */
  summary: string;
}

export const INCIDENT_TYPES: readonly IncidentTypeDef[] = [
  {
    name: MB, color: '#E8523F', playbookId: 'Darktrace Model Breach Triage',
    summary: 'one model breach: the breaching device (id, IP, hostname), the model (name, UUID, category), the breach id and score, the external hostnames and IPs its filters matched, and the Threat Visualizer link',
  },
  {
    name: AIA, color: '#7A4FD9',
    summary: 'one AI Analyst incident event: its title and UUID, the AI Analyst incident (group) id, category and score, the breach devices, the related model breaches, and the Threat Visualizer link',
  },
  {
    name: RESPOND, color: '#E89A3F', playbookId: 'Darktrace RESPOND Containment With Approval',
    summary: 'one RESPOND action: its codeid, what it does, its state when fetched (pending ones await confirmation), when it expires, the device (id, IP), the model and breach that triggered it, and its score',
  },
];

/**
 * Which incident type a record is, decided by the keys only that source's records have (RESPOND actions: `codeid`;
 * AI Analyst events: `currentGroup`); the classifier's key.
 */
export const CLASSIFIER_EXPRESSION = `\${.=val.codeid !== undefined ? '${RESPOND}' : (val.currentGroup !== undefined ? '${AIA}' : '${MB}')}`;

/** The fields a type maps and shows, in table order. */
export function fieldsOf(type: IncidentTypeName): FieldDef[] {
  return FIELDS.filter((f) => f.from[type] !== undefined);
}
