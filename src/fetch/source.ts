// What the fetch engine needs from a Darktrace source (model breaches today; AI Analyst events and RESPOND
// actions next): one time slot at a time, each item's identity and creation time, and its incident.
import type { FetchParamSpec } from './params.js';

/** One slot request: epoch ms of record creation. The appliance may read `endtime` inclusively or exclusively. */
export interface Slot {
  starttime: number;
  endtime: number;
}

/** How a source's ids are compared and written into lastRun: pbid and codeid are integers, AI Analyst uuids strings. */
export type IdKind = 'integer' | 'string';
export type ItemId = number | string;

/** An item's identity (unique within its source) and its record-creation time (ms, the appliance's clock). */
export interface ItemKey {
  id: ItemId;
  time: number;
}

/** XSOAR incident (reference soar-conventions §3.2). */
export interface Incident {
  name: string;
  /** The XSOAR incident type (SPEC §9): `Darktrace Model Breach`, `Darktrace AI Analyst Event`, `Darktrace RESPOND Action`. */
  type: string;
  occurred: string;
  severity: number;
  dbotMirrorId: string;
  details: string;
  rawJSON: string;
}

/**
 * A source of items to fetch, exactly once each. `T` is the parsed item, `F` the source's own filters (the
 * values of `params`, by their `key`), which the engine passes to every query.
 */
export interface FetchSource<T = unknown, F = unknown> {
  /** Stable name (`model-breaches`): `fetch_sources` value, stats and log label. */
  readonly name: string;
  /** The Darktrace path it reads (for errors). */
  readonly endpoint: string;
  readonly ids: IdKind;
  /** What its items call their id and creation time (`pbid`, `creationTime`), for lastRun messages. */
  readonly names?: { id: string; time: string };
  /**
   * Prefix of this source's keys in lastRun. Model breaches use '' (the flat keys written before there were
   * several sources, so those lastRuns keep working); every other source `<name>.`, so sub-states never clash.
   */
  readonly lastRunPrefix: string;
  /**
   * Longest slot read directly (ms) when the caller's tuning does not set one (engine default 6 h). A source
   * without a probe whose items are sparse (AI Analyst events: tens a day, not thousands) declares a longer one,
   * so the reads inside a backlog stay few; windows longer than it are crossed by galloping reads (engine.ts).
   */
  readonly maxSlotMs?: number;
  /** The source's filter parameters (declared once: command args, test-module, integration.yml derive from them). */
  readonly params: readonly FetchParamSpec[];
  /**
   * Every item visible with `starttime ≤ creation ≤ endtime` (endtime may be exclusive: the engine does not rely
   * on it) that passes the filters, in any order. Anything it throws fails the whole fetch.
   */
  query(slot: Slot, filters: F): Promise<readonly unknown[]>;
  /**
   * Optional light form of `query`: the same filters, answering only each item's creation time (Darktrace:
   * `responsedata=<time field>`, a few bytes an item instead of kilobytes; model breaches `creationTime`,
   * RESPOND actions `start`). With it the engine crosses empty time and places slot boundaries around dense time
   * in few requests (engine.ts header); without it (AI Analyst: not documented there) the engine gallops with
   * reads instead. An entry it cannot read is returned as undefined (ignored: sizing only, never correctness).
   */
  probe?(slot: Slot, filters: F): Promise<ReadonlyArray<number | undefined>>;
  /** A raw item as `T`, or undefined when it is not an item at all (skipped and counted). */
  parse(raw: unknown): T | undefined;
  /** Its id and creation time, or undefined when it lacks a usable one (skipped and counted). */
  key(item: T): ItemKey | undefined;
  /** The incident for an item; `id` is the one `key` returned. */
  toIncident(item: T, id: ItemId): Incident;
}

/** Any source, whatever its item and filter types (for catalogues and harnesses). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyFetchSource = FetchSource<any, any>;

/** The longest direct slot of a source whose items are sparse and which has no probe (AI Analyst; see `maxSlotMs`). */
export const SPARSE_SLOT_MS = 7 * 86_400_000;
