// The metrics resource: GET /metrics, /metrics/{mlid} and /metricdata over the pure answers in responses.ts.
import type { Exchange } from '../../http.js';
import { defineResource, type Scope } from '../../resource.js';
import { DevicesSlice } from '../devices/state.js';
import { ModelBreachesSlice } from '../modelbreaches/state.js';
import { metricDataResponse, metricsResponse } from './responses.js';
import { metricsWorld } from './world.js';

const worldOf = ({ env, need }: Scope<undefined, undefined>) => metricsWorld(env, need(DevicesSlice), need(ModelBreachesSlice));

function send(x: Exchange, answer: { status: number; body: unknown }, project: boolean) {
  if (answer.status === 200 && project) x.ok(answer.body); // honours `responsedata`, the one documented /metrics parameter
  else x.json(answer.status, answer.body);
}

export const metricsResource = defineResource({
  name: 'metrics',
  routes: [
    { method: 'GET', path: '/metrics', permission: 'Visualizer', handle: (x, scope) => send(x, metricsResponse(undefined, worldOf(scope)), true) },
    { method: 'GET', path: '/metrics/:mlid', permission: 'Visualizer', handle: (x, scope) => send(x, metricsResponse(x.pathParam('mlid'), worldOf(scope)), true) },
    // `responsedata` is not documented for /metricdata: the body goes out as it is.
    { method: 'GET', path: '/metricdata', permission: 'Visualizer', handle: (x, scope) => send(x, metricDataResponse(x.params.search, worldOf(scope)), false) },
  ],
});
