// RESPOND actions as the plugin presents them: the `Darktrace.RespondAction` row (with the derived state), its
// readable table, and the one way the write commands find an action again to verify a change (the POST
// replies are unverified, reference §5.3). Shared by the list command and the four write commands.
import { DarktraceError, outcomeUncertain } from '../darktrace/errors.js';
import {
  RESPOND_ACTION_LABELS, actionsOf, respondActions, respondState,
  type RespondAction, type RespondActionType, type RespondConnection, type RespondDevice, type RespondState,
} from '../darktrace/resources/antigena.js';
import type { DarktraceApi } from '../darktrace/resources/endpoint.js';
import { tableToMarkdown } from '../markdown/table.js';
import { msToIso } from '../registry/time.js';

export interface RespondHistoryRow { time?: string; action: string; username?: string; reason?: string }
export interface RespondConnectionRow { direction?: string; ip?: string; port?: number; time?: string }
export interface RespondDeviceRow { hostname?: string; ip?: string; typelabel?: string; os?: string; macaddress?: string }

export interface RespondActionRow {
  codeid: number;
  did: number;
  ip?: string;
  action: string;
  label?: string;
  /** pending | active | expired | cleared, from the flags and the expiry. */
  state: RespondState;
  manual: boolean;
  active: boolean;
  cleared: boolean;
  blocked?: boolean;
  score?: number;
  pbid?: number;
  model?: string;
  modeluuid?: string;
  start?: string;
  expires?: string;
  updated?: string;
  triggeredBy?: string;
  reason?: string;
  history?: RespondHistoryRow[];
  connections?: RespondConnectionRow[];
  device?: RespondDeviceRow;
}

const nonEmpty = (value: string | null | undefined): string | undefined => (value ? value : undefined);
const defined = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/** Pure transform: one appliance action → its row; connections and device when the list carried them. */
export function toActionRow(a: RespondAction, now: number, extra: { connections?: RespondConnection[]; device?: RespondDevice } = {}): RespondActionRow {
  const row: RespondActionRow = defined({
    codeid: a.codeid,
    did: a.did,
    ip: nonEmpty(a.ip),
    action: a.action,
    label: nonEmpty(a.label) ?? RESPOND_ACTION_LABELS[a.action as RespondActionType],
    state: respondState(a, now),
    manual: a.manual ?? false,
    active: a.active,
    cleared: a.cleared,
    blocked: a.blocked ?? undefined,
    score: a.score ?? undefined,
    pbid: a.pbid ? a.pbid : undefined, // manual actions carry 0 (or nothing)
    model: nonEmpty(a.model),
    modeluuid: nonEmpty(a.modeluuid),
    start: msToIso(a.start),
    expires: msToIso(a.expires),
    updated: msToIso(a.updated),
    triggeredBy: nonEmpty(a.triggerer?.username),
    reason: nonEmpty(a.triggerer?.reason),
  });
  if (a.history) {
    row.history = a.history.map((h) => defined({ time: msToIso(h.time), action: h.action, username: nonEmpty(h.username), reason: nonEmpty(h.reason) }));
  }
  if (extra.connections) {
    row.connections = extra.connections.map((c) => defined({ direction: nonEmpty(c.direction), ip: nonEmpty(c.ip), port: c.port ?? undefined, time: msToIso(c.timems) }));
  }
  if (extra.device) {
    const d = extra.device;
    row.device = defined({ hostname: nonEmpty(d.hostname), ip: nonEmpty(d.ip), typelabel: nonEmpty(d.typelabel), os: nonEmpty(d.os), macaddress: nonEmpty(d.macaddress) });
  }
  return row;
}

export const ACTION_HEADERS = ['Code ID', 'State', 'Action', 'Device', 'IP', 'Model', 'Start', 'Expires', 'Triggered by'];

export function actionCells(r: RespondActionRow): Record<string, unknown> {
  return {
    'Code ID': r.codeid,
    State: r.state,
    Action: `${r.label ?? r.action} (${r.action})`,
    Device: r.device?.hostname ? `${r.did} (${r.device.hostname})` : r.did,
    IP: r.ip ?? '',
    Model: r.model ?? (r.manual ? 'manual' : ''),
    Start: r.start ?? '',
    Expires: r.expires ?? '',
    'Triggered by': r.triggeredBy ?? '',
  };
}

/** The action rows as one table; `note` is written under the title. */
export function actionsTable(title: string, rows: RespondActionRow[], note?: string): string {
  return tableToMarkdown(title, rows.map(actionCells), { headers: ACTION_HEADERS, metadata: note });
}

/** An action as it stands on the appliance now (cleared ones included), or undefined when it is not listed. */
export async function readAction(client: DarktraceApi, codeid: number, did?: number): Promise<RespondAction | undefined> {
  const { actions } = actionsOf(await respondActions(client, { includecleared: true, did }));
  return actions.find((a) => a.codeid === codeid);
}

/** The actions on one device now (cleared ones included). */
export async function actionsOnDevice(client: DarktraceApi, did: number): Promise<RespondAction[]> {
  return actionsOf(await respondActions(client, { includecleared: true, did })).actions;
}

/** Errors after which a POST may or may not have been applied. */
export function outcomeUnknown(error: unknown): error is DarktraceError {
  // The one rule for every write (src/darktrace/errors.ts): a 5xx, a timeout, a reset after sending, a garbled answer.
  return error instanceof DarktraceError && outcomeUncertain(error);
}

/** Darktrace refused the request outright (HTTP 400): nothing was changed. */
export const refused = (error: unknown): error is DarktraceError =>
  error instanceof DarktraceError && error.code === 'UPSTREAM_STATUS' && error.upstreamStatus === 400;

/**
 * The same error with more said (code, status and path kept). `verified`: a re-read settled what happened, so a
 * failed write is not OUTCOME_UNKNOWN (src/pipeline/problem.ts).
 */
export function restated(error: DarktraceError, message: string, retryable = error.retryable, verified = false): DarktraceError {
  return new DarktraceError(error.code, message, {
    method: error.method, path: error.path, upstreamStatus: error.upstreamStatus, retryable, verified, cause: error,
  });
}

export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
