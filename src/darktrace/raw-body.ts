// Darktrace's answer as text, kept beside the value the client parsed from it, so an answer that carries
// the raw response (the server's views) can splice Darktrace's bytes in verbatim instead of re-serialising
// the parsed value (which would re-order integer-like keys, drop what the schema strips and re-format numbers).
// A WeakMap: the text lives exactly as long as the parsed value does, and nothing else changes shape.

const bodies = new WeakMap<object, string>();

/** Records that `value` was parsed from `text` (a complete, valid JSON document, already redacted). */
export function rememberBody(value: unknown, text: string): void {
  if (typeof value === 'object' && value !== null) bodies.set(value, text);
}

/** The exact text `value` was parsed from, when it came from a Darktrace answer as a whole. */
export function bodyOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null ? bodies.get(value) : undefined;
}
