// What a `profile` argument names (SPEC §12) and the value source that reads it:
//   darktrace:<metric>   a live Darktrace metric for one device (entity = did), no groups, value size | in | out
//   <shortName> or <id>  a stored descriptor: entity = the value of its entity key (source.entityKey, else its
//                        first key), groups = its other keys in order, value = one of its values (default the first)
// Every mistake is a ProfileInputError naming the argument, found before anything is read.
import { AGGREGATION_FUNCTIONS, checkKeyValue, type AggregationFunction, type Descriptor, type KeyType, type KeyValue } from '../../descriptors/index.js';
import type { AccessCheck, Store } from '../../store/types.js';
import { ProfileInputError } from '../errors.js';
import { checkGroups, type GroupValue } from '../groups.js';
import type { PeriodRange } from '../periods.js';
import type { ValueSource } from '../profile.js';
import { checkLiveMetric, checkLivePeriod, LIVE_VALUES, liveRequests, liveValueSource, type LiveSourceOptions, type LiveValue } from './live.js';
import { storeQueries, storeValueSource } from './store.js';

export { batchRanges, splitRanges } from './batches.js';
export { checkLiveMetric, checkLivePeriod, LIVE_VALUES, liveRequests, liveValueSource, type LiveSourceOptions, type LiveValue } from './live.js';
export { storeQueries, storeValueSource, type StoreSourceOptions } from './store.js';

export const LIVE_PREFIX = 'darktrace:';

export interface ProfileArgs {
  profile: string;
  entity: string;
  groups?: readonly string[];
  value?: string;
  aggregation?: AggregationFunction;
}

interface Resolved {
  /** As the caller named it (`darktrace:connections`, or the descriptor's shortName). */
  profile: string;
  /** The entity, typed like its key (a did is a number). */
  entity: KeyValue;
  groups: GroupValue[];
  value: string;
  /** The calls reading `ranges` takes, for the readable output: `1 store query`, `11 /metricdata requests`. */
  calls(ranges: readonly PeriodRange[], periodMs: number, now: number): string;
}

export interface LiveProfile extends Resolved {
  kind: 'live';
  metric: string;
  /** With a catalogue, an unknown metric is a `profile` error before anything is read. */
  source(deps: Pick<LiveSourceOptions, 'get' | 'now' | 'catalogue'>): ValueSource;
}

export interface StoredProfile extends Resolved {
  kind: 'store';
  descriptor: Descriptor;
  entityKey: string;
  aggregation?: AggregationFunction;
  source(store: Store, access?: AccessCheck): ValueSource;
}

export type ResolvedProfile = LiveProfile | StoredProfile;

const quote = (names: readonly string[]) => names.map((n) => JSON.stringify(n)).join(', ');
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

export function isLiveProfile(profile: string): boolean {
  return profile.trim().toLowerCase().startsWith(LIVE_PREFIX);
}

/** `darktrace:<metric>`: checked without any I/O (the metric name itself is checked by the appliance or catalogue). */
export function resolveLiveProfile(args: ProfileArgs, periodMs: number): LiveProfile {
  const profile = args.profile.trim();
  const metric = profile.slice(LIVE_PREFIX.length);
  if (!/^[A-Za-z0-9_.-]{1,100}$/.test(metric)) {
    throw new ProfileInputError('profile', `"${LIVE_PREFIX}" must be followed by a Darktrace metric's system name, e.g. ${LIVE_PREFIX}connections (got ${JSON.stringify(profile.slice(0, 60))})`);
  }
  const entity = args.entity.trim();
  if (!/^\d{1,15}$/.test(entity)) {
    throw new ProfileInputError('entity', `a ${LIVE_PREFIX} profile is about one device: give its device id (did), a whole number (got ${JSON.stringify(args.entity.slice(0, 60))})`);
  }
  const groups = checkGroups(args.groups, [], profile);
  const value = args.value?.trim() || 'size';
  if (!(LIVE_VALUES as readonly string[]).includes(value)) {
    throw new ProfileInputError('value', `a ${LIVE_PREFIX} profile reads a /metricdata bucket's ${quote(LIVE_VALUES)} (default "size" = in + out); got ${JSON.stringify(value.slice(0, 60))}`);
  }
  if (args.aggregation !== undefined) {
    throw new ProfileInputError('aggregation', `applies to stored descriptors only: each /metricdata bucket of a ${LIVE_PREFIX} profile already holds the appliance's maximum over the period`);
  }
  checkLivePeriod(periodMs);
  const did = Number(entity);
  return {
    kind: 'live',
    profile,
    metric,
    entity: did,
    groups,
    value,
    calls: (ranges, p, now) => plural(liveRequests(ranges, p, now).length, '/metricdata request'),
    source: (deps) => {
      if (deps.catalogue) checkLiveMetric(metric, deps.catalogue);
      return liveValueSource({ metric, did, value: value as LiveValue, ...deps });
    },
  };
}

/** A typed key value from text: integers as numbers, IPs canonical, strings as given. */
function keyValue(type: KeyType, text: string): { value: KeyValue } | { message: string } {
  const raw = type === 'integer' && /^-?\d{1,16}$/.test(text.trim()) ? Number(text.trim()) : type === 'string' ? text : text.trim();
  return checkKeyValue(type, raw);
}

/** A stored descriptor's profile: `descriptor` is already read (and the caller's grant checked). */
export function resolveStoredProfile(args: ProfileArgs, descriptor: Descriptor): StoredProfile {
  const profile = args.profile.trim();
  const entityKey = descriptor.source?.entityKey ?? descriptor.keys[0].name;
  const entityType = descriptor.keys.find((k) => k.name === entityKey)!.type;
  const entity = keyValue(entityType, args.entity);
  if ('message' in entity) throw new ProfileInputError('entity', `the value of "${profile}"'s entity key ${entityKey} ${entity.message}`);
  const otherKeys = descriptor.keys.filter((k) => k.name !== entityKey);
  const groups = checkGroups(args.groups, otherKeys.map((k) => k.name), profile);
  const filters: Record<string, KeyValue> = { [entityKey]: entity.value };
  groups.forEach((g, i) => {
    const typed = keyValue(otherKeys[i].type, g.value);
    if ('message' in typed) throw new ProfileInputError('groups', `value ${i + 1}, for key ${g.key}, ${typed.message}`);
    filters[g.key] = typed.value;
    g.value = String(typed.value);
  });
  const names = descriptor.values.map((v) => v.name);
  const value = args.value?.trim() || names[0];
  const described = descriptor.values.find((v) => v.name === value);
  if (!described) throw new ProfileInputError('value', `profile "${profile}" has no value ${JSON.stringify(value.slice(0, 60))}; its values are ${quote(names)}`);
  const aggregation = args.aggregation;
  if (aggregation !== undefined && !(AGGREGATION_FUNCTIONS as readonly string[]).includes(aggregation)) {
    throw new ProfileInputError('aggregation', `must be one of ${quote(AGGREGATION_FUNCTIONS)}`);
  }
  if (aggregation === 'wavg' && described.valueAsWeight === undefined) {
    throw new ProfileInputError('aggregation', `"wavg" needs a weight, and ${JSON.stringify(value)} has no valueAsWeight in "${profile}"; use sum, avg, min or max`);
  }
  const options = { value, aggregation, filters };
  return {
    kind: 'store',
    profile,
    descriptor,
    entityKey,
    entity: entity.value,
    groups,
    value,
    ...(aggregation ? { aggregation } : {}),
    calls: (ranges, p) => plural(storeQueries(ranges, p, options).length, 'store query', 'store queries'),
    source: (store, access) => storeValueSource({ store, descriptor: descriptor.id, ...options, access }),
  };
}
