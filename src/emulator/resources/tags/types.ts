// Tags and tag entities as stored (field names as captured: device_tags.json, tagged_devices.json).

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

/** What POST /tags/entities answers: the captured `{tid}` or the API guide's `{response: "SUCCESS"}`. */
export type TagPostResponse = 'tid' | 'success';
