// The official Darktrace integrations' commands that this integration also has (same command name), with the
// argument names an existing playbook sends: our own listing of what their integration ymls declare (names,
// which are required, defaults), read in demisto/content. DarktraceAIA's and DarktraceASMRisk's commands have
// other names than ours (darktrace-get-ai-analyst-incident-event, darktrace-asm-*), so they have no entry.

export interface OfficialArg {
  name: string;
  required?: boolean;
  /** The yml's defaultValue (XSOAR sends it when the playbook leaves the argument out). */
  defaultValue?: string;
}

export interface OfficialCommand {
  integration: 'Darktrace' | 'DarktraceAdmin' | 'DarktraceMBs';
  /** demisto/content path and commit the listing was read from. */
  source: string;
  command: string;
  args: OfficialArg[];
}

const ADMIN = 'Packs/Darktrace/Integrations/DarktraceAdmin/DarktraceAdmin.yml@6085e450d65094195fbf9a6e037dd32a9813b093';
const MBS = 'Packs/Darktrace/Integrations/DarktraceMBs/DarktraceMBs.yml@5d8d27cb617dc47b12c82575d9cba239c8bef704';
const LEGACY = 'Packs/Darktrace/Integrations/Darktrace/Darktrace.yml@000f3ad73f01a1a6b638ea29d16c6cff35a65b40';

export const OFFICIAL_COMMANDS: readonly OfficialCommand[] = [
  {
    integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-run-advanced-search-analysis',
    args: [
      { name: 'initialDate', required: true }, { name: 'initialTime', defaultValue: '00:00:00' }, { name: 'endDate', required: true },
      { name: 'endTime', defaultValue: '00:00:00' }, { name: 'query', required: true }, { name: 'operation', required: true, defaultValue: 'score' },
      { name: 'metric', required: true }, { name: 'offset', defaultValue: '0' },
    ],
  },
  {
    integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-get-device-connection-info',
    args: [
      { name: 'deviceId', required: true }, { name: 'dataType', required: true }, { name: 'externalDomain' }, { name: 'destinationDeviceId' },
      { name: 'showAllGraphData', defaultValue: 'false' }, { name: 'numberOfSimilarDevices', defaultValue: '0' }, { name: 'fullDeviceDetails', defaultValue: 'false' },
    ],
  },
  {
    integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-get-external-endpoint-details',
    args: [
      { name: 'endpointType', required: true }, { name: 'endpointValue', required: true }, { name: 'devices', defaultValue: 'true' },
      { name: 'additionalInfo', defaultValue: 'true' }, { name: 'score', defaultValue: 'true' },
    ],
  },
  {
    integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-get-similar-devices',
    args: [{ name: 'deviceId', required: true }, { name: 'maxResults', required: true, defaultValue: '5' }],
  },
  {
    integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-post-to-watched-list',
    args: [{ name: 'endpointsToWatch', required: true }, { name: 'description' }],
  },
  { integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-get-tagged-devices', args: [{ name: 'tagName', required: true }] },
  { integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-get-tags-for-device', args: [{ name: 'deviceId', required: true }] },
  {
    integration: 'DarktraceAdmin', source: ADMIN, command: 'darktrace-post-tag-to-device',
    args: [{ name: 'deviceId', required: true }, { name: 'tagName', required: true }],
  },
  { integration: 'DarktraceMBs', source: MBS, command: 'darktrace-get-model-breach', args: [{ name: 'pbid', required: true }] },
  { integration: 'DarktraceMBs', source: MBS, command: 'darktrace-get-model-breach-comments', args: [{ name: 'pbid', required: true }] },
  { integration: 'DarktraceMBs', source: MBS, command: 'darktrace-acknowledge-model-breach', args: [{ name: 'pbid', required: true }] },
  { integration: 'DarktraceMBs', source: MBS, command: 'darktrace-unacknowledge-model-breach', args: [{ name: 'pbid', required: true }] },
  {
    integration: 'DarktraceMBs', source: MBS, command: 'darktrace-post-comment-to-model-breach',
    args: [{ name: 'pbid', required: true }, { name: 'message', required: true }],
  },
  {
    integration: 'DarktraceMBs', source: MBS, command: 'darktrace-get-model-breach-connections',
    args: [{ name: 'pbid', required: true }, { name: 'endtime' }, { name: 'count', defaultValue: '100' }, { name: 'offset', defaultValue: '0' }],
  },
  { integration: 'DarktraceMBs', source: MBS, command: 'darktrace-get-model', args: [{ name: 'uuid', required: true }] },
  { integration: 'DarktraceMBs', source: MBS, command: 'darktrace-get-model-component', args: [{ name: 'cid', required: true }] },
  // The legacy integration (id Darktrace, deprecated in pack 2.0.0): snake_case names.
  {
    integration: 'Darktrace', source: LEGACY, command: 'darktrace-get-external-endpoint-details',
    args: [
      { name: 'endpoint_type', required: true }, { name: 'endpoint_value', required: true }, { name: 'devices', defaultValue: 'true' },
      { name: 'additional_info', defaultValue: 'true' }, { name: 'score', defaultValue: 'true' },
    ],
  },
  {
    integration: 'Darktrace', source: LEGACY, command: 'darktrace-get-device-connection-info',
    args: [
      { name: 'did', required: true }, { name: 'data_type', required: true }, { name: 'external_domain' }, { name: 'destination_did' },
      { name: 'show_all_graph_data', defaultValue: 'false' }, { name: 'num_similar_devices', defaultValue: '0' }, { name: 'full_device_details', defaultValue: 'false' },
    ],
  },
  { integration: 'Darktrace', source: LEGACY, command: 'darktrace-get-model', args: [{ name: 'uuid', required: true }] },
];

/** The official Darktrace pack's integration ids (commonfields.id of the ymls read): ours must be none of them (GR105). */
export const OFFICIAL_INTEGRATION_IDS = ['Darktrace', 'DarktraceAdmin', 'DarktraceMBs', 'DarktraceAIA', 'Darktrace Event Collector'];
