// `groups` of a profile request: one value per group key of the descriptor, in the descriptor's order.
// Metron silently returns nothing for a wrong list; here it is a 400 naming the keys.
import { ProfileInputError } from './errors.js';

export interface GroupValue {
  key: string;
  value: string;
}

const quoteList = (values: readonly unknown[]) => values.map((v) => JSON.stringify(String(v))).join(', ');

/**
 * Pairs `groups` with `groupKeys` (the descriptor's keys other than the entity key, in order).
 * `profile` names the descriptor in the message.
 */
export function checkGroups(groups: readonly (string | number)[] | undefined, groupKeys: readonly string[], profile: string): GroupValue[] {
  const given = groups ?? [];
  if (given.length === groupKeys.length) return groupKeys.map((key, i) => ({ key, value: String(given[i]) }));
  const got = given.length ? `got ${given.length}: ${quoteList(given)}` : 'got none';
  if (groupKeys.length === 0) {
    throw new ProfileInputError('groups', `profile "${profile}" has no group keys, so groups must be empty (${got})`);
  }
  const example = groupKeys.map((k) => `<${k}>`).join(',');
  throw new ProfileInputError(
    'groups',
    `profile "${profile}" is grouped by ${groupKeys.length} key${groupKeys.length === 1 ? '' : 's'}, ${groupKeys.join(', ')}: give exactly one value for each, in that order, e.g. groups=${example} (${got})`,
  );
}
