// darktrace-get-model-breach: one model breach, acknowledged or not (GET /modelbreaches/{pbid}).
import { DarktraceError } from '../src/darktrace/errors.js';
import { breach, type Breach } from '../src/darktrace/resources/modelbreaches.js';
import { tableToMarkdown } from '../src/markdown/table.js';
import { arg, defineCommand, msToIso } from '../src/registry/index.js';

export interface ModelBreachRow {
  pbid: number;
  time?: string;
  creationTime?: string;
  score?: number;
  acknowledged: boolean;
  commentCount?: number;
  modelName?: string;
  modelPid?: number;
  modelUuid?: string;
  modelCategory?: string;
  modelPriority?: number;
  modelDescription?: string;
  deviceId?: number;
  deviceHostname?: string;
  deviceIp?: string;
  componentIds: number[];
}

const some = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

/** Pure transform: the breach → its `Darktrace.ModelBreach` row (model as it was at breach time). */
export function toOutputs(b: Breach): ModelBreachRow {
  const model = b.model?.then ?? b.model?.now ?? undefined;
  const row: ModelBreachRow = { pbid: b.pbid, acknowledged: b.acknowledged === true, componentIds: [] };
  const set = <K extends keyof ModelBreachRow>(key: K, value: ModelBreachRow[K] | null | undefined) => {
    if (value !== undefined && value !== null) row[key] = value;
  };
  set('time', msToIso(b.time));
  set('creationTime', msToIso(b.creationTime));
  set('score', some(b.score));
  set('commentCount', some(b.commentCount));
  set('modelName', model?.name);
  set('modelPid', model?.pid);
  set('modelUuid', model?.uuid);
  set('modelCategory', model?.category);
  set('modelPriority', model?.priority);
  set('modelDescription', model?.description);
  set('deviceId', b.device?.did);
  set('deviceHostname', b.device?.hostname);
  set('deviceIp', b.device?.ip);
  row.componentIds = (b.triggeredComponents ?? []).flatMap((c) => (typeof c.cid === 'number' ? [c.cid] : []));
  return row;
}

export function toReadable(r: ModelBreachRow): string {
  return tableToMarkdown(`Darktrace model breach ${r.pbid}`, [{
    PBID: r.pbid,
    Model: r.modelName ?? '',
    Category: r.modelCategory ?? '',
    Score: r.score ?? '',
    Device: r.deviceHostname ?? r.deviceIp ?? (r.deviceId !== undefined ? `did ${r.deviceId}` : ''),
    Time: r.time ?? '',
    Acknowledged: r.acknowledged,
    Comments: r.commentCount ?? 0,
  }], { headers: ['PBID', 'Model', 'Category', 'Score', 'Device', 'Time', 'Acknowledged', 'Comments'] });
}

const PBID = arg.int({ description: 'Darktrace model breach ID (pbid).', required: true, min: 1 });

const MODEL_BREACH_OUTPUTS = [
  { contextPath: 'Darktrace.ModelBreach.pbid', type: 'Number', description: 'Model breach ID.' },
  { contextPath: 'Darktrace.ModelBreach.time', type: 'Date', description: 'First activity of the breach (ISO 8601).' },
  { contextPath: 'Darktrace.ModelBreach.creationTime', type: 'Date', description: 'When the breach record was created (ISO 8601).' },
  { contextPath: 'Darktrace.ModelBreach.score', type: 'Number', description: 'Breach score, 0-1.' },
  { contextPath: 'Darktrace.ModelBreach.acknowledged', type: 'Boolean', description: 'Whether the breach is acknowledged.' },
  { contextPath: 'Darktrace.ModelBreach.commentCount', type: 'Number', description: 'Number of comments.' },
  { contextPath: 'Darktrace.ModelBreach.modelName', type: 'String', description: 'Model name (as at breach time).' },
  { contextPath: 'Darktrace.ModelBreach.modelPid', type: 'Number', description: 'Model ID (pid).' },
  { contextPath: 'Darktrace.ModelBreach.modelUuid', type: 'String', description: 'Model UUID.' },
  { contextPath: 'Darktrace.ModelBreach.modelCategory', type: 'String', description: 'Model category (Informational, Suspicious, Critical, Compliance).' },
  { contextPath: 'Darktrace.ModelBreach.modelPriority', type: 'Number', description: 'Model priority (0-5).' },
  { contextPath: 'Darktrace.ModelBreach.modelDescription', type: 'String', description: 'Model description.' },
  { contextPath: 'Darktrace.ModelBreach.deviceId', type: 'Number', description: 'Device ID of the breaching device.' },
  { contextPath: 'Darktrace.ModelBreach.deviceHostname', type: 'String', description: 'Hostname of the breaching device.' },
  { contextPath: 'Darktrace.ModelBreach.deviceIp', type: 'String', description: 'IP of the breaching device.' },
  { contextPath: 'Darktrace.ModelBreach.componentIds', type: 'Number', description: 'IDs (cid) of the triggered model components.' },
] as const;

export default defineCommand({
  name: 'darktrace-get-model-breach',
  description: 'Returns one model breach (acknowledged or not): its model, score, device and triggered components.',
  access: 'read',
  args: { pbid: PBID },
  outputs: [...MODEL_BREACH_OUTPUTS],
  async run(args, { client }) {
    let raw: Breach;
    try {
      raw = await breach(client, { pbid: args.pbid });
    } catch (error) {
      if (error instanceof DarktraceError && error.code === 'NOT_FOUND') return `### No model breach with pbid ${args.pbid}`;
      throw error;
    }
    const outputs = toOutputs(raw);
    return { outputsPrefix: 'Darktrace.ModelBreach', outputsKeyField: 'pbid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
