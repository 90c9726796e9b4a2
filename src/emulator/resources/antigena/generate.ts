// Seeded RESPOND actions: the fixtures' four actions verbatim (2020, so outside the default window: they are
// listed with a starttime/endtime window), their blocked connections and device 316, plus generated actions
// relative to the creation instant in every state, so the default window always shows all four states.
import actionsFixture from '../../fixtures/darktrace-extended/antigena_actions.json' with { type: 'json' };
import fullFixture from '../../fixtures/darktrace-extended/antigena_fulldevicedetails_connections.json' with { type: 'json' };
import historyFixture from '../../fixtures/darktrace-extended/antigena_includehistory.json' with { type: 'json' };
import { clone, envelope } from '../../fixtures.js';
import { int, pick, rngFor, uuidFrom } from '../../prng.js';
import { DAY, HOUR, dtTime } from '../../time.js';
import type { Device } from '../devices/types.js';
import { LABELS, type Action, type ActionType, type BlockedConnection, type HistoryRow, type Target } from './types.js';

type FixtureAction = Omit<Action, 'history' | 'connections'> & { history?: HistoryRow[] };

const captured = {
  actions: envelope<FixtureAction[]>(actionsFixture, 'antigena_actions.json').response,
  full: envelope<{ actions: FixtureAction[]; connections: BlockedConnection[]; devices: Array<Record<string, unknown>> }>(
    fullFixture, 'antigena_fulldevicedetails_connections.json').response,
  history: envelope<FixtureAction[]>(historyFixture, 'antigena_includehistory.json').response,
};

/** The client-sensor device of the lab notes (did 79 carries the fixture's manual connection action 4790). */
export const CLIENT_SENSOR_DID = 79;
/** Generated codeids start here (the fixtures' are 4702–4790). */
export const FIRST_GENERATED_CODEID = 5001;
/** New manual actions get codeids from here (the guide's example reply is {"code": 10170}). */
export const FIRST_MANUAL_CODEID = 10170;
/** The username the emulator writes into history for API changes (fixture 4790's triggerer). */
export const API_USER = 'soar-api';

/** The fixtures' actions verbatim; history only where the fixtures give a consistent one (see README decisions). */
export function fixtureActions(): Action[] {
  return captured.actions.map((a) => {
    const { history: _h, ...fields } = clone(a);
    const fromHistory = captured.history.find((h) => h.codeid === a.codeid && h.manual === a.manual);
    const history: HistoryRow[] = fromHistory?.history
      ? clone(fromHistory.history)
      : [{ family: 'NETWORK', username: a.triggerer?.username ?? '', action: a.manual || a.active || a.cleared ? 'created' : 'created (requires confirmation)', reason: a.triggerer?.reason ?? '', time: a.start }];
    if (a.cleared) history.push({ family: 'NETWORK', username: API_USER, action: 'cleared', reason: '', time: a.start + 600_000 });
    const connections = a.codeid === 4764 ? clone(captured.full.connections) : [];
    return { ...fields, history, connections };
  });
}

/** RESPOND targets that exist only in the RESPOND fixtures; 316 with the captured device object. */
export function fixtureTargets(): Target[] {
  return captured.actions.map((a) => ({
    did: a.did,
    ip: a.ip,
    clientSensor: a.did === CLIENT_SENSOR_DID,
    ...(a.did === 316 ? { device: clone(captured.full.devices[0]) } : {}),
  }));
}

const MODELS = [
  'Antigena / Network / External Threat / Antigena Quarantine Example',
  'Antigena / Network / External Threat / Antigena Suspicious File Block',
  'Antigena / Network / Significant Anomaly / Antigena Enhanced Monitoring from Client Source Block',
  'Antigena / Network / Insider Threat / Antigena Large Data Volume Outbound Block',
];

/**
 * Generated actions (codeids 5001…), times relative to `now`, on non-SaaS devices:
 * 5001 pending on device 1 (connection; the playbook's approval case), 5002 pending, 5003–5005 active
 * (5005 manual), 5006–5007 expired within 14 days (active still true), 5008 expired 30 days ago (outside the
 * default window), 5009–5010 cleared.
 */
export function generatedActions(seed: number, now: number, devices: Map<number, Device>): Action[] {
  const r = rngFor(seed, 'antigena');
  const pool = [...devices.values()].filter((d) => d.sid !== -9 && d.ip && d.did !== 1);
  const plan: Array<{ state: 'pending' | 'active' | 'expired' | 'old' | 'cleared'; manual?: boolean; did?: number; action?: ActionType }> = [
    { state: 'pending', did: 1, action: 'connection' }, { state: 'pending' },
    { state: 'active' }, { state: 'active', action: 'quarantine' }, { state: 'active', manual: true, action: 'quarantineOutgoing' },
    { state: 'expired' }, { state: 'expired', action: 'quarantine' }, { state: 'old' },
    { state: 'cleared' }, { state: 'cleared', action: 'quarantineIncoming' },
  ];
  return plan.map((p, i) => {
    const codeid = FIRST_GENERATED_CODEID + i;
    const device = p.did !== undefined ? devices.get(p.did)! : pick(r, pool);
    const action: ActionType = p.action ?? pick(r, ['connection', 'quarantine', 'pol'] as const);
    const duration = pick(r, [1, 2, 4, 24]) * HOUR;
    const start = {
      pending: now - int(r, 5, 50) * 60_000,
      active: now - int(r, 5, 50) * 60_000,
      expired: now - int(r, 2, 13) * DAY,
      old: now - 30 * DAY,
      cleared: now - int(r, 2, 20) * HOUR,
    }[p.state];
    const manual = p.manual ?? false;
    const reason = manual ? 'Contain while investigating' : '';
    const history: HistoryRow[] = [{
      family: 'NETWORK', username: manual ? API_USER : '', reason,
      action: p.state === 'pending' ? 'created (requires confirmation)' : 'created', time: start,
    }];
    if (p.state === 'cleared') history.push({ family: 'NETWORK', username: 'j.smith', action: 'cleared', reason: 'False positive', time: start + 10 * 60_000 });
    const model = manual ? '' : pick(r, MODELS);
    const connections: BlockedConnection[] = p.state === 'active' && action !== 'pol'
      ? [{ action, label: LABELS[action], did: device.did, direction: 'outgoing', ip: `203.0.113.${int(r, 1, 254)}`, port: pick(r, [443, 80, 8080, 3128]),
        timems: start + 60_000, time: dtTime(start + 60_000) }]
      : [];
    return {
      codeid, did: device.did, ip: device.ip!, action, manual,
      triggerer: manual ? { username: API_USER, reason } : null,
      label: LABELS[action], detail: '',
      score: manual ? 0 : Math.round((0.3 + r() * 0.6) * 100) / 100,
      pbid: manual ? 0 : 443000 + i,
      model, modeluuid: manual ? '' : uuidFrom(rngFor(seed, 'antigena-model', model)),
      start, expires: start + duration,
      blocked: connections.length > 0,
      agemail: false, aghost: false,
      active: p.state === 'active' || p.state === 'expired' || p.state === 'old',
      cleared: p.state === 'cleared',
      history, connections,
    };
  });
}
