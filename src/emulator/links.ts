// UI links in answers (breachUrl, incidentEventUrl, groupUrl): `https://<fqdn>/#<view>/<id>`, built from the FQDN
// configured on the appliance (reference §2.2.8, §6.1: they need it), never from the Host the request came to.
import type { EmulatorOptions } from './options.js';

/** The captured links' host (aianalyst_incidentevents_with_url.json). */
export const DEFAULT_FQDN = 'my.darktrace.com';

/** Option `fqdn`, checked: a host name, or null for an appliance without one (then no links at all). */
export function fqdnOption(options: EmulatorOptions): string | null {
  const fqdn = options.fqdn === undefined ? DEFAULT_FQDN : options.fqdn;
  if (fqdn === null) return null;
  if (typeof fqdn !== 'string' || !/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(fqdn)) {
    throw new RangeError(`fqdn must be a host name such as ${DEFAULT_FQDN} (or null: none configured), got ${JSON.stringify(fqdn)}`);
  }
  return fqdn;
}

export const uiLink = (fqdn: string, view: string, id: string | number): string => `https://${fqdn}/#${view}/${id}`;
