// Small JSON-shape guards shared by every folder (parsed JSON, YAML documents, API answers).

/** A plain object (a JSON/YAML mapping): not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * `{ ...base, ...extra }`, for per-item transforms: V8 gives a spread copy a map that adding a key to takes a
 * slow path (~1 µs an object against ~0.05 µs; bench/PERFORMANCE-notes.md), while a copy made by Object.assign
 * extends cheaply. Same keys, same order, same values.
 */
export function withKeys<T extends object, E extends object>(base: T, extra: E): { [K in keyof T as K extends keyof E ? never : K]: T[K] } & E {
  // An own "__proto__" key (JSON.parse makes one) must stay a key, in either object: Object.assign would set the
  // copy's prototype.
  if (Object.hasOwn(base, '__proto__') || Object.hasOwn(extra, '__proto__')) return { ...base, ...extra } as never;
  return Object.assign(Object.assign({}, base), extra) as never;
}
