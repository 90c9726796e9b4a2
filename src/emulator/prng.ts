// Seeded randomness. Everything the emulator invents comes from here, so a seed fully determines the data.

export type Rng = () => number; // uniform in [0, 1)

/** mulberry32: tiny, fast and good enough for test data. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 32-bit FNV-1a over the parts, avalanched; used to derive independent, stable streams (per device, per breach…). */
export function hash(...parts: Array<string | number>): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const text = `${part}\u0000`;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  // murmur3 finaliser: FNV alone leaves nearby inputs (did 5 vs 6) with correlated first draws.
  return avalanche(h);
}

/** murmur3's 32-bit finaliser: every input bit flips about half the output bits. */
export function avalanche(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A stream key mixed with an integer (a minute, an hour…; may be negative): for generators that draw millions
 * of values, where hashing strings per draw would be too slow.
 */
export const mixInt = (key: number, n: number): number => avalanche(key ^ Math.imul(n | 0, 0x9e3779b1) ^ Math.floor(n / 4294967296));

/** A fresh generator for one derived stream, e.g. `rngFor(seed, 'deviceinfo', did)`. */
export const rngFor = (...parts: Array<string | number>): Rng => mulberry32(hash(...parts));

export const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
export const chance = (rng: Rng, p: number): boolean => rng() < p;

export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** A deterministic UUID-shaped string. */
export function uuidFrom(rng: Rng): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rng() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(rng, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}
