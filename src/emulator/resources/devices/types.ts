// Devices and external endpoints as stored. Field names follow the captured fixtures exactly; optional
// fields are omitted from responses when absent, like the real appliance.

export interface DeviceIp { ip: string; timems: number; time: string; sid: number }
export interface Credential { credential: string; lastSeen: number }
export interface DeviceInterface {
  mac: string;
  vendor: string;
  ips: Array<{ ip: string; sid: number; hostname?: string; time: number /* seconds, as captured */ }>;
}

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

/** External endpoint known to the appliance (for /endpointdetails). */
export interface ExternalHost { hostname: string; firsttime: number; ips: string[]; dids: number[]; popularity: number; dgascore: number }
export interface ExternalIp {
  ip: string; firsttime: number; country: string; asn: string; city: string; region: string; name: string;
  longitude: number; latitude: number; dids: number[]; popularity: number;
}
