// RESPOND (Antigena) actions as stored. Field names and order follow antigena_actions.json.

export const ACTION_TYPES = ['connection', 'pol', 'gpol', 'quarantine', 'quarantineOutgoing', 'quarantineIncoming'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

/** The inhibitor names of the /antigena/manual mapping (reference §5.2). */
export const LABELS: Record<ActionType, string> = {
  connection: 'Block matching connections',
  pol: 'Enforce pattern of life',
  gpol: 'Enforce group pattern of life',
  quarantine: 'Quarantine device',
  quarantineOutgoing: 'Block all outgoing traffic',
  quarantineIncoming: 'Block all incoming traffic',
};

/** Actions the lab saw refused (HTTP 400) on a client-sensor device (reference §5.4, MCP-LAB did 79). */
export const NOT_ON_CLIENT_SENSORS: readonly ActionType[] = ['pol', 'gpol', 'quarantineOutgoing'];

export interface HistoryRow { family: string; username: string; action: string; reason: string; time: number }

export interface BlockedConnection {
  action: string; label: string; did: number; direction: string; ip: string; port: number; timems: number; time: string;
}

export interface Action {
  codeid: number;
  did: number;
  ip: string;
  action: string;
  manual: boolean;
  triggerer: { username: string; reason: string } | null;
  label: string;
  detail: string;
  score: number;
  pbid: number;
  model: string;
  modeluuid: string;
  start: number;
  expires: number;
  blocked: boolean;
  /** Epoch ms as a string (documented in the schema, absent from most examples). */
  updated?: string;
  agemail: boolean;
  aghost: boolean;
  active: boolean;
  cleared: boolean;
  /** Served only with includehistory. */
  history: HistoryRow[];
  /** Blocked connection attempts, served only with includeconnections. */
  connections: BlockedConnection[];
}

/** A device RESPOND can act on that the devices resource does not hold (the fixtures' dids 316, 532, 79, 201). */
export interface Target { did: number; ip: string; clientSensor: boolean; device?: Record<string, unknown> }

/** What POST /antigena/manual answers: the guide example's `{code}` or the guide prose's `{codeid}`. */
export type ManualResponse = 'code' | 'codeid';
