// GET /modelbreaches (reference §2.2.8; modelbreaches.json) plus /modelbreaches/{pbid} and acknowledge /
// unacknowledge. Responses are streamed: a 100k-breach answer is built one breach at a time.
import { parseDtDate } from '../../../darktrace/signing.js';
import { uiLink } from '../../links.js';
import { InputError, type Exchange, type Params } from '../../http.js';
import { shuffle } from '../../prng.js';
import type { Scope } from '../../resource.js';
import { DAY } from '../../time.js';
import type { JsonObject } from '../../types.js';
import type { ModelBreachesConfig, ModelBreachesSlice } from './state.js';

const YEAR = 365 * DAY;

type BreachScope = Scope<ModelBreachesSlice, ModelBreachesConfig>;

interface Shape { deviceattop: boolean; minimal: boolean; historic: boolean; breachUrl?: string }

export async function listBreaches(x: Exchange, { self, config, env }: BreachScope) {
  const { params } = x;
  // Every parameter is parsed (a malformed one is an INPUT ERROR) before pbid short-cuts the filters.
  const shape = shapeOf(params, config.fqdn);
  const pbid = params.int('pbid');
  const byCreation = params.bool('creationtime', false);
  const includeAcknowledged = params.bool('includeacknowledged', false); // hidden unless asked
  for (const flag of ['expandenums', 'saasonly', 'includesuppressed', 'fulldevicedetails']) params.bool(flag, false);
  let from = params.int('starttime') ?? timeString(params, 'from');
  let to = params.int('endtime') ?? timeString(params, 'to');
  const filters = { minScore: params.num('minscore'), did: params.int('did'), pid: params.int('pid'), uuid: params.str('uuid') };
  if (pbid !== undefined) return single(x, self, pbid, shape); // one object, not an array, whatever the filters

  // No time at all: from the beginning of memory, one year per response. Only a start: up to now.
  const { store } = self;
  if (from === undefined && to === undefined) to = (from = store.earliest(byCreation)) + YEAR;
  else if (from === undefined) from = to! - YEAR;
  else if (to === undefined) to = env.now();

  const rows = store.query({ from, to: to!, byCreation, includeAcknowledged, ...filters });
  const key = byCreation ? store.creation : store.time;
  if (config.shuffle) shuffle(env.rng('response', self.responses++), rows); // out-of-order upstream
  else rows.sort((a, b) => key[b] - key[a] || store.pbid[b] - store.pbid[a]); // newest first, as captured
  await x.stream((function* () {
    for (const row of rows) yield reshape(self.breachJson(row), shape);
  })());
}

export function getBreach(x: Exchange, { self, config }: BreachScope) {
  const text = x.pathParam('pbid');
  if (!/^\d+$/.test(text)) throw new InputError('Invalid pbid');
  single(x, self, Number(text), shapeOf(x.params, config.fqdn));
}

/** POST /modelbreaches/{pbid}/acknowledge (acknowledge=true) and …/unacknowledge (unacknowledge=true). */
export const setAcknowledged = (action: 'acknowledge' | 'unacknowledge') => (x: Exchange, { self }: BreachScope) => {
  const value = x.body({ json: true, form: true }).get(action);
  if (value !== true && value !== 'true') throw new InputError(`Missing required parameter: ${action}=true`);
  if (!self.setAcknowledged(Number(x.pathParam('pbid')), action === 'acknowledge')) return x.json(404, { error: 'Model breach not found' });
  x.json(200, { response: 'SUCCESS' });
};

function single(x: Exchange, self: ModelBreachesSlice, pbid: number, shape: Shape) {
  const row = self.store.rowOf(pbid);
  if (row === undefined) return x.json(404, { error: 'Model breach not found' });
  x.ok(reshape(self.breachJson(row), shape));
}

/** includebreachurl adds `breachUrl` only with minimal=false (reference §2.2.8) and a configured FQDN. */
function shapeOf(params: Params, fqdn: string | null): Shape {
  const shape: Shape = {
    deviceattop: params.bool('deviceattop', true),
    minimal: params.bool('minimal', false),
    historic: params.bool('historicmodelonly', false),
  };
  if (params.bool('includebreachurl', false) && !shape.minimal && fqdn !== null) shape.breachUrl = uiLink(fqdn, 'modelbreach', '');
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

// ---- comments: /modelbreaches/{pbid}/comments (GET, POST JSON {message}) and /mbcomments ------------------

const commentView = ({ message, username, time, pid }: { message: string; username: string; time: number; pid: number }) => ({ message, username, time, pid });

function pbidOf(x: Exchange): number {
  const text = x.pathParam('pbid');
  if (!/^\d+$/.test(text)) throw new InputError('Invalid pbid');
  return Number(text);
}

export function getComments(x: Exchange, { self }: BreachScope) {
  const list = self.comments(pbidOf(x));
  if (!list) return x.json(404, { error: 'Model breach not found' });
  x.ok(list.map(commentView));
}

/** JSON `{message}` only (the guide's signed example); answers the breach's comment list, as the XSOAR sample does. */
export function postComment(x: Exchange, { self }: BreachScope) {
  const pbid = pbidOf(x);
  if (!(x.req.get('content-type') ?? '').toLowerCase().startsWith('application/json')) throw new InputError('Expected a JSON body {"message": …}');
  const message = x.body({ json: true, form: false }).get('message');
  if (typeof message !== 'string' || message.trim() === '') throw new InputError('Missing required parameter: message');
  if (!self.addComment(pbid, message)) return x.json(404, { error: 'Model breach not found' });
  x.json(200, self.comments(pbid)!.map((c) => ({ ...commentView(c), commentid: c.commentid })));
}

/** GET /mbcomments: newest first, `count` (default 100) after the time window and pbid filters. */
export function listMbComments(x: Exchange, { self }: BreachScope) {
  const { params } = x;
  const from = params.int('starttime');
  const to = params.int('endtime');
  const count = params.int('count') ?? 100;
  if (count < 1) throw new InputError('Invalid value for count: expected a positive integer');
  const pbid = params.int('pbid');
  const source = pbid === undefined ? self.allComments() : self.comments(pbid) ?? [];
  const rows = source
    .filter((c) => (from === undefined || c.time >= from) && (to === undefined || c.time <= to))
    .sort((a, b) => b.time - a.time || b.commentid - a.commentid)
    .slice(0, count)
    .map((c) => {
      const row = self.store.rowOf(c.pbid)!;
      const model = (self.breachJson(row).model as JsonObject).then as JsonObject;
      return { time: c.time, pbid: c.pbid, username: c.username, message: c.message, pid: c.pid, name: model.name };
    });
  x.ok(rows);
}
