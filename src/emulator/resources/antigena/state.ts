// The RESPOND slice: every action by codeid, and the targets RESPOND can act on. State changes (activate,
// extend, clear, reactivate, manual actions) follow reference §5.3 and always read the appliance clock.
import type { SliceEnv } from '../../resource.js';
import { DAY } from '../../time.js';
import { DevicesSlice } from '../devices/state.js';
import { API_USER, CLIENT_SENSOR_DID, FIRST_MANUAL_CODEID, fixtureActions, fixtureTargets, generatedActions } from './generate.js';
import { LABELS, NOT_ON_CLIENT_SENSORS, type Action, type ActionType, type ManualResponse, type Target } from './types.js';

export interface AntigenaConfig {
  /** Option `antigenaManualResponse`. */
  manualResponse: ManualResponse;
}

/** Refused input: the route answers 400 INPUT ERROR with this message. */
export class RespondRefusal extends Error {}

export type Derived = 'pending' | 'active' | 'expired' | 'cleared';

export interface ActionFilter {
  includeCleared: boolean;
  needConfirming?: boolean;
  pbid?: number;
  did?: number;
  /** [starttime, endtime] (ms): actions that started in it, instead of the default window. */
  window?: [number, number];
}

export interface NewAction { did: number; action: ActionType; durationSeconds: number; reason?: string; pending?: boolean; pbid?: number }

export class AntigenaSlice {
  readonly actions = new Map<number, Action>();
  private readonly targets = new Map<number, Target>();
  private readonly now: () => number;
  private readonly devices: DevicesSlice;
  private nextManual = FIRST_MANUAL_CODEID;

  constructor({ seed, now, createdAt, need }: SliceEnv<AntigenaConfig>) {
    this.now = now;
    this.devices = need(DevicesSlice);
    for (const t of fixtureTargets()) this.targets.set(t.did, t);
    for (const a of [...fixtureActions(), ...generatedActions(seed, createdAt, this.devices.devices)]) this.actions.set(a.codeid, a);
  }

  /** Pending / active / expired / cleared, from the flags and the expiry (the flags alone are ambiguous). */
  state(a: Action, now = this.now()): Derived {
    if (a.cleared) return 'cleared';
    if (a.expires <= now) return 'expired';
    return a.active ? 'active' : 'pending';
  }

  /** A did RESPOND can act on: a device of the devices resource or a fixture target. */
  target(did: number): Target | undefined {
    const known = this.targets.get(did);
    if (known) return known;
    const device = this.devices.devices.get(did);
    if (!device?.ip) return undefined; // SaaS users have no IP to block
    return { did, ip: device.ip, clientSensor: did === CLIENT_SENSOR_DID };
  }

  /**
   * GET /antigena's selection, oldest first: by default every current action plus those that expired within
   * the last 14 days (pending ones included); cleared ones only with includeCleared.
   */
  list(f: ActionFilter): Action[] {
    const now = this.now();
    return [...this.actions.values()]
      .filter((a) => (f.window ? a.start >= f.window[0] && a.start <= f.window[1] : a.expires > now - 14 * DAY))
      .filter((a) => f.includeCleared || !a.cleared)
      .filter((a) => f.needConfirming === undefined || (this.state(a, now) === 'pending') === f.needConfirming)
      .filter((a) => f.pbid === undefined || a.pbid === f.pbid)
      .filter((a) => f.did === undefined || a.did === f.did)
      .sort((a, b) => a.start - b.start || a.codeid - b.codeid);
  }

  private get(codeid: number): Action {
    const a = this.actions.get(codeid);
    if (!a) throw new RespondRefusal(`No RESPOND action with codeid ${codeid}`);
    return a;
  }

  private log(a: Action, action: string, reason = '') {
    const time = this.now();
    a.history.push({ family: 'NETWORK', username: API_USER, action, reason, time });
    a.updated = String(time);
  }

  /** activate:true — approve a pending action, or reactivate an expired or cleared one (duration required). */
  activate(codeid: number, durationSeconds: number | undefined, reason?: string): Action {
    const a = this.get(codeid);
    const now = this.now();
    const was = this.state(a, now);
    if (was === 'active') throw new RespondRefusal(`RESPOND action ${codeid} is already active`);
    if (was !== 'pending' && durationSeconds === undefined) {
      throw new RespondRefusal(`duration is required to reactivate a ${was} RESPOND action (codeid ${codeid})`);
    }
    // Without a duration the model's RESPOND action duration applies: the action's own length.
    const length = durationSeconds !== undefined ? durationSeconds * 1000 : a.expires - a.start;
    a.active = true;
    a.cleared = false;
    a.expires = now + length;
    this.log(a, was === 'pending' ? 'activated' : `reactivated (${was})`, reason);
    return a;
  }

  /** duration alone — the new remaining time, not an increment (reference §5.3). */
  extend(codeid: number, durationSeconds: number, reason?: string): Action {
    const a = this.get(codeid);
    const was = this.state(a);
    if (was !== 'active') throw new RespondRefusal(`Only an active RESPOND action can be extended; ${codeid} is ${was}`);
    a.expires = this.now() + durationSeconds * 1000;
    this.log(a, 'extended', reason);
    return a;
  }

  clear(codeid: number, reason?: string): Action {
    const a = this.get(codeid);
    if (a.cleared) throw new RespondRefusal(`RESPOND action ${codeid} is already cleared`);
    a.active = false;
    a.cleared = true;
    this.log(a, 'cleared', reason);
    return a;
  }

  /** POST /antigena/manual (and the control API's pending actions). */
  create(n: NewAction): Action {
    const target = this.target(n.did);
    if (!target) throw new RespondRefusal(`No device with did ${n.did}`);
    if (target.clientSensor && NOT_ON_CLIENT_SENSORS.includes(n.action)) {
      throw new RespondRefusal(`Action ${n.action} is not available for device ${n.did}`);
    }
    const now = this.now();
    const manual = !n.pending;
    const codeid = this.nextManual++;
    const a: Action = {
      codeid, did: n.did, ip: target.ip, action: n.action, manual,
      triggerer: manual ? { username: API_USER, reason: n.reason ?? '' } : null,
      label: LABELS[n.action], detail: '', score: 0, pbid: n.pbid ?? 0,
      model: '', modeluuid: '', start: now, expires: now + n.durationSeconds * 1000, blocked: false,
      updated: String(now), agemail: false, aghost: false, active: manual, cleared: false,
      history: [{ family: 'NETWORK', username: manual ? API_USER : '', action: manual ? 'created' : 'created (requires confirmation)', reason: n.reason ?? '', time: now }],
      connections: [],
    };
    this.actions.set(codeid, a);
    return a;
  }

  /** The device object fulldevicedetails lists for a did (none for a did only the fixtures know, except 316). */
  deviceFor(did: number): Record<string, unknown> | undefined {
    return this.targets.get(did)?.device;
  }
}
