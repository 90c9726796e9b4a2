// GET /modelbreaches (reference §2.2.8; modelbreaches.json) plus /modelbreaches/{pbid} and acknowledge /
// unacknowledge. Responses are streamed: a 100k-breach answer is built one breach at a time.
import type { Router } from 'express';
import { parseDtDate } from '../../darktrace/signing.js';
import { InputError, ok, parseBody, route, sendJson, sendJsonArray, type Params } from '../http.js';
import { shuffle } from '../prng.js';
import type { EmulatorState } from '../state.js';
import type { JsonObject } from '../types.js';
import { DAY } from '../views.js';

const YEAR = 365 * DAY;

interface Shape { deviceattop: boolean; minimal: boolean; historic: boolean; breachUrl?: string }

export function modelBreachRoutes(router: Router, state: EmulatorState, options: { shuffle: boolean }) {
  let responses = 0;

  router.get('/modelbreaches', route(state, 'Visualizer', async (req, res, { params }) => {
    // Every parameter is parsed (a malformed one is an INPUT ERROR) before pbid short-cuts the filters.
    const shape = shapeOf(params, req.get('host'));
    const pbid = params.int('pbid');
    const byCreation = params.bool('creationtime', false);
    const includeAcknowledged = params.bool('includeacknowledged', false); // hidden unless asked
    for (const flag of ['expandenums', 'saasonly', 'includesuppressed', 'fulldevicedetails']) params.bool(flag, false);
    let from = params.int('starttime') ?? timeString(params, 'from');
    let to = params.int('endtime') ?? timeString(params, 'to');
    const filters = { minScore: params.num('minscore'), did: params.int('did'), pid: params.int('pid'), uuid: params.str('uuid') };
    if (pbid !== undefined) return single(res, pbid, shape); // one object, not an array, whatever the filters

    // No time at all: from the beginning of memory, one year per response. Only a start: up to now.
    if (from === undefined && to === undefined) to = (from = state.breaches.earliest(byCreation)) + YEAR;
    else if (from === undefined) from = to! - YEAR;
    else if (to === undefined) to = state.now();

    const rows = state.breaches.query({ from, to: to!, byCreation, includeAcknowledged, ...filters });
    const key = byCreation ? state.breaches.creation : state.breaches.time;
    if (options.shuffle) shuffle(state.responseRng(responses++), rows); // out-of-order upstream
    else rows.sort((a, b) => key[b] - key[a] || state.breaches.pbid[b] - state.breaches.pbid[a]); // newest first, as captured
    await sendJsonArray(res, (function* () {
      for (const row of rows) yield reshape(state.breachJson(row), shape);
    })());
  }));

  router.get('/modelbreaches/:pbid', route(state, 'Visualizer', (req, res, { params }) => {
    const pbid = Number(req.params.pbid);
    if (!/^\d+$/.test(String(req.params.pbid))) throw new InputError('Invalid pbid');
    single(res, pbid, shapeOf(params, req.get('host')));
  }));

  for (const action of ['acknowledge', 'unacknowledge'] as const) {
    router.post(`/modelbreaches/:pbid/${action}`, route(state, 'Acknowledge Model Alerts', (req, res, ctx) => {
      const body = parseBody(req, ctx.rawBody, { json: true, form: true });
      const value = body.get(action);
      if (value !== true && value !== 'true') throw new InputError(`Missing required parameter: ${action}=true`);
      if (!state.setAcknowledged(Number(req.params.pbid), action === 'acknowledge')) return sendJson(res, 404, { error: 'Model breach not found' });
      sendJson(res, 200, { response: 'SUCCESS' });
    }));
  }

  function single(res: Parameters<typeof ok>[0], pbid: number, shape: Shape) {
    const row = state.breaches.rowOf(pbid);
    if (row === undefined) return sendJson(res, 404, { error: 'Model breach not found' });
    ok(res, reshape(state.breachJson(row), shape));
  }
}

function shapeOf(params: Params, host: string | undefined): Shape {
  const shape: Shape = {
    deviceattop: params.bool('deviceattop', true),
    minimal: params.bool('minimal', false),
    historic: params.bool('historicmodelonly', false),
  };
  if (params.bool('includebreachurl', false) && !shape.minimal) shape.breachUrl = `https://${host ?? 'darktrace'}/#modelbreach/`;
  return shape;
}

/** `from`/`to`: `YYYY-MM-DD HH:MM:SS` (UTC) or ISO-8601 such as SPLUNK's `YYYY-MM-DDTHH:MM:SS.00Z`. */
function timeString(params: Params, name: string): number | undefined {
  const text = params.str(name);
  if (text === undefined) return undefined;
  const date = parseDtDate(text);
  if (!date) throw new InputError(`Invalid value for ${name}: expected YYYY-MM-DD HH:MM:SS`);
  return date.getTime();
}

const SLIM_MODEL_KEYS = ['name', 'pid', 'phid', 'uuid', 'priority', 'category', 'compliance'];
const slim = (model: JsonObject): JsonObject => Object.fromEntries(SLIM_MODEL_KEYS.filter((k) => k in model).map((k) => [k, model[k]]));

/** deviceattop=false moves the device into each triggered component; minimal drops the bulky parts. */
function reshape(breach: JsonObject, shape: Shape): JsonObject {
  const model = breach.model as JsonObject;
  if (shape.historic) breach.model = model.then;
  if (!shape.deviceattop) {
    const device = breach.device;
    delete breach.device;
    if (device) for (const c of breach.triggeredComponents as JsonObject[]) c.device = device;
  }
  if (shape.minimal) {
    delete breach.triggeredComponents;
    breach.model = shape.historic ? slim(breach.model as JsonObject) : { then: slim(model.then as JsonObject), now: slim(model.now as JsonObject) };
    if (breach.device) breach.device = { did: (breach.device as JsonObject).did };
  }
  if (shape.breachUrl) breach.breachUrl = `${shape.breachUrl}${breach.pbid}`;
  return breach;
}
