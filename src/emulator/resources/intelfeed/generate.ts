// The seeded Watched Domains list: two default entries, two from a threat feed (one expiring), one hostname.
import { DAY } from '../../time.js';
import type { IntelEntry } from './state.js';

export function generateIntel(now: number): IntelEntry[] {
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19);
  const entry = (name: string, source: string, description: string, extra: Partial<IntelEntry> = {}): IntelEntry =>
    ({ name, description, strength: 100, iagn: false, source, hostname: false, ...extra });
  return [
    entry('example1.com', 'default', 'Seeded watched domain'),
    entry('1.2.3.4', 'default', 'Seeded watched IP'),
    entry('bad-actor.example.net', 'ThreatFeed', 'From the threat feed', { strength: 80, expiry: iso(now + 30 * DAY) }),
    entry('c2.example.org', 'ThreatFeed', 'Known C2', { iagn: true }),
    entry('login.phish.example', 'default', 'Phishing landing page', { hostname: true }),
  ];
}
