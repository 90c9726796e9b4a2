// The emulated appliance's /metrics catalogue: the six entries of fixtures/darktrace-extended/metrics_list.json
// verbatim, and synthesised entries for the metrics the seeded data names elsewhere (`internalconnections` in
// the metricdata_multi fixture, the metrics of the emulator's models), with mlids that collide with none of the
// fixture's.
import list from '../../fixtures/darktrace-extended/metrics_list.json' with { type: 'json' };
import { envelope } from '../../fixtures.js';
import type { JsonObject } from '../../types.js';

export interface CatalogueMetric extends JsonObject {
  mlid: number;
  name: string;
  label: string;
  set: string;
  units: string;
  filtertypes: string[];
  unitsinterval: number;
  lengthscale: number;
}

const TRAFFIC_FILTERS = ['Feature model', 'Process popularity', 'Destination IP', 'Protocol', 'Destination port', 'Application protocol', 'Direction', 'Day of the week', 'Hour of the day'];
const VOLUME_FILTERS = ['Feature model', 'DNS host lookup', 'Process popularity', 'Destination IP', 'Protocol', 'Destination port', 'Application protocol', 'Direction', 'Unusual outgoing data volume', 'Hour of the day'];
const MESSAGE_FILTERS = ['Message', 'Direction', 'Unique message fields', 'Destination IP'];

const synthesised = (mlid: number, name: string, label: string, units: '' | 'bytes', filtertypes: string[]): CatalogueMetric => ({
  mlid, name, label, set: 'A', units, filtertypes, unitsinterval: 3600, lengthscale: 9_999_960,
});

/** Fixture entries (verbatim) and synthesised ones, by mlid as /metrics lists them. */
export const CATALOGUE: readonly CatalogueMetric[] = Object.freeze([
  ...envelope<CatalogueMetric[]>(list, 'metrics_list.json').response,
  synthesised(2, 'internalconnections', 'Internal Connections', '', TRAFFIC_FILTERS),
  synthesised(3, 'externalclientdatatransfer', 'External Data Transfer', 'bytes', VOLUME_FILTERS),
  synthesised(11, 'dnsrequests', 'DNS Requests', '', MESSAGE_FILTERS),
  synthesised(12, 'beaconingscore', 'Beaconing Score', '', TRAFFIC_FILTERS),
  synthesised(31, 'httprequests', 'HTTP Requests', '', MESSAGE_FILTERS),
  synthesised(40, 'smbwrite', 'SMB Write', '', MESSAGE_FILTERS),
  synthesised(41, 'smbreadwrite', 'SMB Read and Write', '', MESSAGE_FILTERS),
  synthesised(42, 'smbsessions', 'SMB Sessions', '', MESSAGE_FILTERS),
  synthesised(90, 'saaslogins', 'SaaS Logins', '', MESSAGE_FILTERS),
  synthesised(237, 'dtmodelbreach', 'Model', '', MESSAGE_FILTERS),
].sort((a, b) => a.mlid - b.mlid));

export const metricByName = (name: string): CatalogueMetric | undefined => CATALOGUE.find((m) => m.name === name);
export const metricByMlid = (mlid: number): CatalogueMetric | undefined => CATALOGUE.find((m) => m.mlid === mlid);
