// GET/POST /antigena, POST /antigena/manual, GET /antigena/summary (reference §5; antigena_*.json).
import { InputError, listOf, type Exchange } from '../../http.js';
import type { Scope } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { DevicesSlice } from '../devices/state.js';
import { TagsSlice } from '../tags/state.js';
import { RespondRefusal, type AntigenaConfig, type AntigenaSlice } from './state.js';
import { ACTION_TYPES, type Action, type ActionType } from './types.js';

type AntigenaScope = Scope<AntigenaSlice, AntigenaConfig>;

/** The action as the appliance serves it: fixture key order; history only when asked for. */
function actionView(a: Action, withHistory: boolean): JsonObject {
  const { history, connections: _c, updated, ...fields } = a;
  const view: Record<string, unknown> = { ...fields };
  if (updated !== undefined) view.updated = updated;
  if (withHistory) view.history = history;
  return structuredClone(view) as JsonObject;
}

function deviceView(did: number, { self, need }: AntigenaScope): JsonObject | undefined {
  const captured = self.deviceFor(did);
  if (captured) return structuredClone(captured) as JsonObject;
  const d = need(DevicesSlice).devices.get(did);
  if (!d) return undefined;
  const quarantine = [...self.actions.values()].find((a) => a.did === did && a.action === 'quarantine' && self.state(a) === 'active');
  const view: Record<string, unknown> = { did: d.did, ip: d.ip, ips: d.ips ?? [], sid: d.sid };
  if (d.hostname !== undefined) view.hostname = d.hostname;
  Object.assign(view, { firstSeen: d.firstSeen, lastSeen: d.lastSeen });
  if (d.os !== undefined) view.os = d.os;
  Object.assign(view, { typename: d.typename, typelabel: d.typelabel });
  if (quarantine) view.quarantine = quarantine.start;
  if (d.macaddress !== undefined) view.macaddress = d.macaddress;
  if (d.vendor !== undefined) view.vendor = d.vendor;
  view.tags = need(TagsSlice).tagsForDevice(did);
  return structuredClone(view) as JsonObject;
}

/** starttime/endtime come as a pair (reference §5.1, §5.5). */
function windowOf(x: Exchange): [number, number] | undefined {
  const start = x.params.int('starttime');
  const end = x.params.int('endtime');
  if ((start === undefined) !== (end === undefined)) throw new InputError('starttime and endtime must be given together');
  if (start === undefined || end === undefined) return undefined;
  if (start > end) throw new InputError('starttime must not be after endtime');
  return [start, end];
}

export function listActions(x: Exchange, scope: AntigenaScope) {
  const { params } = x;
  const full = params.bool('fulldevicedetails', false);
  const includeCleared = params.bool('includecleared', false);
  const withHistory = params.bool('includehistory', false);
  const withConnections = params.bool('includeconnections', false);
  const needConfirming = params.has('needconfirming') ? params.bool('needconfirming', false) : undefined;
  const pbid = params.int('pbid');
  const did = params.int('did');
  const window = windowOf(x);
  const actions = scope.self.list({ includeCleared, needConfirming, pbid, did, window });
  const views = actions.map((a) => actionView(a, withHistory));
  if (!full && !withConnections) return x.ok(views);
  const body: Record<string, unknown> = { actions: views };
  if (withConnections) body.connections = structuredClone(actions.flatMap((a) => a.connections));
  if (full) {
    const dids = [...new Set(actions.map((a) => a.did))];
    body.devices = dids.flatMap((d) => deviceView(d, scope) ?? []);
  }
  x.ok(body);
}

type Body = Map<string, unknown>;

function int(body: Body, name: string, { required = false, positive = false } = {}): number | undefined {
  const value = body.get(name);
  if (value === undefined || value === null) {
    if (required) throw new InputError(`Missing required parameter: ${name}`);
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new InputError(`Invalid value for ${name}: expected an integer`);
  if (positive && value < 1) throw new InputError(`Invalid value for ${name}: must be positive`);
  return value;
}

function flag(body: Body, name: string): boolean {
  const value = body.get(name);
  if (value === undefined) return false;
  if (typeof value !== 'boolean') throw new InputError(`Invalid value for ${name}: expected true or false`);
  return value;
}

function text(body: Body, name: string): string | undefined {
  const value = body.get(name);
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InputError(`Invalid value for ${name}: expected a string`);
  return value;
}

const refusals = <T>(change: () => T): T => {
  try {
    return change();
  } catch (err) {
    if (err instanceof RespondRefusal) throw new InputError(err.message);
    throw err;
  }
};

/** JSON only (6.0.16+): a form body is not read, so codeid is then missing. */
export function changeAction(x: Exchange, { self }: AntigenaScope) {
  const body = x.body({ json: true, form: false });
  const codeid = int(body, 'codeid', { required: true })!;
  const activate = flag(body, 'activate');
  const clear = flag(body, 'clear');
  const duration = int(body, 'duration', { positive: true });
  const reason = text(body, 'reason');
  if (activate && clear) throw new InputError('activate and clear cannot be combined');
  refusals(() => {
    if (activate) return self.activate(codeid, duration, reason);
    if (clear) return self.clear(codeid, reason);
    if (duration === undefined) throw new InputError('Give activate, clear or duration');
    return self.extend(codeid, duration, reason);
  });
  x.json(200, { response: 'SUCCESS' }); // the only documented body, and it is unverified (fixture provenance)
}

export function createManual(x: Exchange, { self, config }: AntigenaScope) {
  const body = x.body({ json: true, form: false });
  const did = int(body, 'did', { required: true })!;
  const action = text(body, 'action');
  if (action === undefined) throw new InputError('Missing required parameter: action');
  if (!(ACTION_TYPES as readonly string[]).includes(action)) throw new InputError(`Invalid value for action: expected ${listOf(ACTION_TYPES)}`);
  const duration = int(body, 'duration', { required: true, positive: true })!;
  const reason = text(body, 'reason');
  const connections = body.get('connections');
  if (action !== 'connection' && connections !== undefined) throw new InputError('connections is valid only for action connection');
  if (action === 'connection') {
    if (!Array.isArray(connections) || connections.length === 0) throw new InputError('action connection needs connections: [{src, dst, port?}]');
    for (const c of connections) {
      const ok = c && typeof c === 'object' && typeof c.src === 'string' && c.src !== '' && typeof c.dst === 'string' && c.dst !== ''
        && (c.port === undefined || (Number.isInteger(c.port) && c.port >= 1 && c.port <= 65535))
        && Object.keys(c).every((k) => ['src', 'dst', 'port'].includes(k));
      if (!ok) throw new InputError('Invalid value for connections: each entry is {src, dst, port?} (port 1-65535)');
    }
  }
  const created = refusals(() => self.create({ did, action: action as ActionType, durationSeconds: duration, reason }));
  x.json(200, config.manualResponse === 'codeid' ? { codeid: created.codeid } : { code: created.codeid });
}

/** Counts are actions, the arrays dids; with a window pendingCount is 0 (reference §5.5). */
export function summary(x: Exchange, { self }: AntigenaScope) {
  const window = windowOf(x);
  const all = [...self.actions.values()].filter((a) => !a.cleared);
  const dids = (list: Action[]) => [...new Set(list.map((a) => a.did))];
  if (window) {
    const active = all.filter((a) => a.active && a.start <= window[1] && a.expires >= window[0]);
    return x.ok({ pendingCount: 0, activeCount: active.length, pendingActionDevices: [], activeActionDevices: dids(active) });
  }
  const pending = all.filter((a) => self.state(a) === 'pending');
  const active = all.filter((a) => self.state(a) === 'active');
  x.ok({ pendingCount: pending.length, activeCount: active.length, pendingActionDevices: dids(pending), activeActionDevices: dids(active) });
}
