// darktrace-get-model: one model by uuid (GET /models?uuid=, an array) or pid (GET /models/{pid}).
import { ArgumentError, arg, defineCommand } from '../src/registry/index.js';
import { DarktraceError } from '../src/darktrace/errors.js';
import { model, modelsWithUuid, type Model } from '../src/darktrace/resources/models.js';
import { tableToMarkdown } from '../src/markdown/table.js';

export interface ModelRow {
  uuid?: string;
  pid: number;
  phid?: number;
  name: string;
  description?: string;
  category?: string;
  priority?: number;
  compliance?: boolean;
  active?: boolean;
  modified?: string;
  version?: number;
  tags: string[];
  componentIds: number[];
  mitreTactics: string[];
}

/** Pure transform: a model → the `Darktrace.Model` row; component ids from a componentList logic. */
export function toOutputs(m: Model): ModelRow {
  const row: ModelRow = { pid: m.pid, name: m.name, tags: (m.tags ?? []).map(String), componentIds: [], mitreTactics: m.mitre?.tactics ?? [] };
  const put = <K extends keyof ModelRow>(k: K, v: ModelRow[K] | null | undefined) => { if (v !== undefined && v !== null) row[k] = v; };
  put('uuid', m.uuid);
  put('phid', m.phid);
  put('description', m.description);
  put('category', m.category);
  put('priority', m.priority);
  put('compliance', m.compliance);
  put('active', m.active);
  put('modified', m.modified);
  put('version', m.version);
  const data = m.logic?.data;
  if (Array.isArray(data)) row.componentIds = data.filter((c): c is number => typeof c === 'number');
  return row;
}

export function toReadable(r: ModelRow): string {
  return tableToMarkdown(`Darktrace model ${r.name}`, [{
    PID: r.pid, UUID: r.uuid ?? '', Category: r.category ?? '', Priority: r.priority ?? '', Active: r.active ?? '',
    Components: r.componentIds.join(', '), Description: r.description ?? '',
  }], { headers: ['PID', 'UUID', 'Category', 'Priority', 'Active', 'Components', 'Description'] });
}

export default defineCommand({
  name: 'darktrace-get-model',
  description: 'Returns a model\'s current definition, by UUID or by model ID (pid); exactly one of the two.',
  access: 'read',
  args: {
    uuid: arg.string({ description: 'Model UUID (e.g. from darktrace-get-model-breach modelUuid).', pattern: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternDescription: 'a UUID' }),
    pid: arg.int({ description: 'Model ID (pid).', min: 1 }),
  },
  outputs: [
    { contextPath: 'Darktrace.Model.uuid', type: 'String', description: 'Model UUID.' },
    { contextPath: 'Darktrace.Model.pid', type: 'Number', description: 'Model ID.' },
    { contextPath: 'Darktrace.Model.phid', type: 'Number', description: 'Model history ID (changes with each edit).' },
    { contextPath: 'Darktrace.Model.name', type: 'String', description: 'Model name.' },
    { contextPath: 'Darktrace.Model.description', type: 'String', description: 'Model description.' },
    { contextPath: 'Darktrace.Model.category', type: 'String', description: 'Category.' },
    { contextPath: 'Darktrace.Model.priority', type: 'Number', description: 'Priority (0-5).' },
    { contextPath: 'Darktrace.Model.compliance', type: 'Boolean', description: 'Compliance model.' },
    { contextPath: 'Darktrace.Model.active', type: 'Boolean', description: 'Whether the model is active.' },
    { contextPath: 'Darktrace.Model.modified', type: 'String', description: 'Last modified (YYYY-MM-DD HH:MM:SS).' },
    { contextPath: 'Darktrace.Model.version', type: 'Number', description: 'Model version.' },
    { contextPath: 'Darktrace.Model.tags', type: 'String', description: 'Model tags.' },
    { contextPath: 'Darktrace.Model.componentIds', type: 'Number', description: 'Component IDs (cid), for darktrace-get-model-component.' },
    { contextPath: 'Darktrace.Model.mitreTactics', type: 'String', description: 'MITRE ATT&CK tactics.' },
  ],
  async run({ uuid, pid }, { client }) {
    if ((uuid === undefined) === (pid === undefined)) {
      throw new ArgumentError([{ path: 'uuid', message: 'give exactly one of uuid or pid' }]);
    }
    let raw: Model | undefined;
    if (uuid !== undefined) raw = (await modelsWithUuid(client, { uuid }))[0];
    else {
      try {
        raw = await model(client, { pid: pid! });
      } catch (error) {
        if (!(error instanceof DarktraceError && error.code === 'NOT_FOUND')) throw error;
      }
    }
    if (!raw) return `### No model with ${uuid !== undefined ? `uuid ${uuid}` : `pid ${pid}`}`;
    const outputs = toOutputs(raw);
    return { outputsPrefix: 'Darktrace.Model', outputsKeyField: 'uuid', outputs, readableOutput: toReadable(outputs), rawResponse: raw };
  },
});
