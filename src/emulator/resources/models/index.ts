// GET /models (by uuid), /models/{pid} and /components/{cid}: the model catalogue behind the breaches — the
// generated models (modelbreaches/models.ts) and the captured breaches' models and components, verbatim.
import modelbreaches from '../../fixtures/modelbreaches.json' with { type: 'json' };
import { clone } from '../../fixtures.js';
import { InputError, type Exchange } from '../../http.js';
import { defineResource, type Scope } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { MODELS, modelJson, triggeredComponentJson } from '../modelbreaches/models.js';

/** A component as /components/{cid} shows it, from a breach's triggered component (trigger values dropped). */
export function componentView(triggered: JsonObject): JsonObject {
  const metric = triggered.metric as JsonObject;
  return {
    cid: triggered.cid, chid: triggered.chid, mlid: metric.mlid, threshold: triggered.threshold, interval: triggered.interval,
    logic: triggered.logic,
    filters: (triggered.triggeredFilters as JsonObject[]).map((f) => ({
      id: f.id, cfid: f.cfid, cfhid: (f.cfid as number) + 1, filtertype: f.filterType, comparator: f.comparatorType, arguments: f.arguments,
    })),
    active: true,
  };
}

export class ModelsSlice {
  /** pid → current definition (`model.now`). */
  readonly models = new Map<number, JsonObject>();
  readonly components = new Map<number, JsonObject>();

  constructor() {
    for (const b of modelbreaches as unknown as JsonObject[]) {
      const now = (b.model as JsonObject).now as JsonObject;
      this.models.set(now.pid as number, clone(now));
      for (const c of b.triggeredComponents as JsonObject[]) this.components.set(c.cid as number, componentView(c));
    }
    for (const m of MODELS) {
      this.models.set(m.pid, modelJson(m, 'now'));
      const c = triggeredComponentJson(m, 0, 0, 0);
      this.components.set(c.cid as number, componentView(c));
    }
  }
}

type ModelsScope = Scope<ModelsSlice, undefined>;

function pathInt(x: Exchange, name: string): number {
  const text = x.pathParam(name);
  if (!/^\d+$/.test(text)) throw new InputError(`Invalid ${name}`);
  return Number(text);
}

function listModels(x: Exchange, { self }: ModelsScope) {
  const uuid = x.params.str('uuid');
  const all = [...self.models.values()];
  x.ok(uuid === undefined ? all : all.filter((m) => m.uuid === uuid));
}

function getModel(x: Exchange, { self }: ModelsScope) {
  const model = self.models.get(pathInt(x, 'pid'));
  if (!model) return x.json(404, { error: 'Model not found' });
  x.ok(model);
}

function getComponent(x: Exchange, { self }: ModelsScope) {
  const component = self.components.get(pathInt(x, 'cid'));
  if (!component) return x.json(404, { error: 'Component not found' });
  x.ok(component);
}

export default defineResource({
  name: 'models',
  state: ModelsSlice,
  summary: (self) => ({ models: self.models.size, components: self.components.size }),
  routes: [
    { method: 'GET', path: '/models', permission: 'Visualizer', handle: listModels },
    { method: 'GET', path: '/models/:pid', permission: 'Visualizer', handle: getModel },
    { method: 'GET', path: '/components', permission: 'Visualizer', handle: (x, { self }) => x.ok([...self.components.values()]) },
    { method: 'GET', path: '/components/:cid', permission: 'Visualizer', handle: getComponent },
  ],
});
