// Removes this request's secrets (private token, public token, request signature) from any text that came back
// from upstream or from a transport error, before it can reach a message, an output or a log. An appliance or
// gateway that echoes request headers would otherwise reflect them to the caller.
//
// Exact-token matching: a secret is replaced only where it stands alone (no letter or digit directly before or
// after it), and only secrets of at least MIN_SECRET_LENGTH characters are looked for — a one-character "token"
// must not turn every space or every "b" of a message into [REDACTED]. Real Darktrace tokens are far longer.

/** Secrets shorter than this are never searched for (they would match inside ordinary words). */
export const MIN_SECRET_LENGTH = 8;
export const REDACTED = '[REDACTED]';

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/-]/g, '\\$&');

/** `text` with every standalone occurrence of each secret replaced by [REDACTED]. */
export function redact(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let out = text;
  // Longest first, so a secret that contains another is removed whole.
  const wanted = secrets.filter((s): s is string => typeof s === 'string' && s.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  for (const secret of wanted) {
    if (!out.includes(secret)) continue; // the common case: one linear scan, no regex
    out = out.replace(new RegExp(`(?<![A-Za-z0-9])${escapeRegExp(secret)}(?![A-Za-z0-9])`, 'g'), REDACTED);
  }
  return out;
}
