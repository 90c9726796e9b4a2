// Small JSON-shape guards shared by every folder (parsed JSON, YAML documents, API answers).

/** A plain object (a JSON/YAML mapping): not null, not an array. */
export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
