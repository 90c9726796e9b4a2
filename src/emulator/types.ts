// Shapes shared by the emulator's modules. Field names follow the captured fixtures exactly.

/** Token permissions as named in the Darktrace API guide (reference §1.4). */
export const ALL_PERMISSIONS = [
  'Status',
  'Visualizer',
  'Advanced Search',
  'Edit Tags',
  'Edit Domains',
  'Unrestricted Devices',
  'Acknowledge Model Alerts',
  'Darktrace Autonomous Response',
  'Subnet Admin',
  'Device Admin',
  'Create Cyber AI Analyst Investigations',
  'View/Edit Models',
] as const;
export type Permission = (typeof ALL_PERMISSIONS)[number];

export interface DeviceIp { ip: string; timems: number; time: string; sid: number }
export interface Credential { credential: string; lastSeen: number }
export interface DeviceInterface {
  mac: string;
  vendor: string;
  ips: Array<{ ip: string; sid: number; hostname?: string; time: number /* seconds, as captured */ }>;
}

/** A device as stored. Optional fields are omitted from responses when absent, like the real appliance. */
export interface Device {
  did: number;
  macaddress?: string;
  vendor?: string;
  ip?: string;
  ips?: DeviceIp[];
  sid: number;
  hostname?: string;
  saasmodule?: string;
  aghuuid?: string;
  firstSeen: number;
  lastSeen: number;
  os?: string;
  devicelabel?: string;
  typename: string;
  typelabel: string;
  priority?: number;
  credentials?: Credential[];
  customFields?: Record<string, unknown>;
  /** Only for devices whose interfaces were captured verbatim; otherwise derived from ip/macaddress. */
  interfaces?: DeviceInterface[];
}

export interface TagData { auto?: boolean; color?: number; description?: string; visibility?: string }
export interface Tag {
  tid: number;
  expiry: number;
  thid: number;
  name: string;
  restricted: boolean;
  data: TagData;
  isReferenced: boolean;
}

/** What POST /tags/entities answers: the captured `{tid}` or the API guide's `{response: "SUCCESS"}`. */
export type TagPostResponse = 'tid' | 'success';

export interface TagEntity {
  teid: number;
  tehid: number;
  tid: number;
  thid: number;
  entityType: 'Device' | 'Credential';
  entityValue: string;
  valid: boolean;
  /** ms; absent = never expires. */
  expiry?: number;
}

export interface IntelEntry {
  name: string;
  description: string;
  /** `YYYY-MM-DDTHH:MM:SS` UTC, absent = never expires. */
  expiry?: string;
  strength: number;
  iagn: boolean;
  source: string;
  hostname: boolean;
}

/** External endpoint known to the appliance (for /endpointdetails). */
export interface ExternalHost { hostname: string; firsttime: number; ips: string[]; dids: number[]; popularity: number; dgascore: number }
export interface ExternalIp {
  ip: string; firsttime: number; country: string; asn: string; city: string; region: string; name: string;
  longitude: number; latitude: number; dids: number[]; popularity: number;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
