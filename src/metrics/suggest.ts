// "Did you mean": the catalogue names closest to an unknown metric. Users type labels ("External
// Connections"), other products' names (`connection_count`) or typos; each is compared with the system name
// and the label, ignoring case, spaces, `_` and `-`.
import { editDistance } from '../registry/registry.js';

const squash = (s: string) => s.toLowerCase().replace(/[\s_\-]+/g, '');

export interface Named {
  name: string;
  label?: string | null;
}

/** How far `input` is from a candidate: 0 for a squashed match, small when one contains the other. */
function distance(input: string, candidate: Named): number {
  const target = squash(input);
  let best = Infinity;
  for (const text of [candidate.name, candidate.label ?? '']) {
    const other = squash(text);
    if (!other) continue;
    if (other === target) return 0;
    // `connection` inside `externalconnections`: as close as the letters that differ, at most 2.
    if (target.length >= 4 && (other.includes(target) || target.includes(other))) best = Math.min(best, 1 + Math.min(1, Math.abs(other.length - target.length)));
    best = Math.min(best, editDistance(target, other));
  }
  return best;
}

/**
 * Up to `limit` catalogue names close enough to be what was meant (within about a third of the input's
 * length), closest first, ties in catalogue order. Inputs over 100 characters get no suggestions.
 */
export function closestNames(input: string, catalogue: readonly Named[], limit = 3): string[] {
  if (input.length > 100) return [];
  const within = Math.max(2, Math.floor(squash(input).length / 3));
  return catalogue
    .map((c, i) => ({ name: c.name, i, d: distance(input, c) }))
    .filter((c) => c.d <= within)
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .slice(0, limit)
    .map((c) => c.name);
}
