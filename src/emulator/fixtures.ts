// Captured Darktrace responses (copied from shared/fixtures/darktrace, MIT, from demisto/content test data).
// SPEC §6: seeded data always contains these entities, served verbatim where a request matches the capture.
import modelbreaches from './fixtures/modelbreaches.json' with { type: 'json' };
import similarDevices from './fixtures/similar_devices.json' with { type: 'json' };
import endpointDetails from './fixtures/endpoint_details.json' with { type: 'json' };
import connInfo from './fixtures/conn_info.json' with { type: 'json' };
import deviceTags from './fixtures/device_tags.json' with { type: 'json' };
import taggedDevices from './fixtures/tagged_devices.json' with { type: 'json' };
import idInfo from './fixtures/id_info.json' with { type: 'json' };
import advancedSearchAnalysis from './fixtures/advanced_search_analysis.json' with { type: 'json' };
import type { Device, JsonObject, Tag, TagEntity } from './types.js';

/** Deep copy, so handlers can never mutate the captured originals. */
export const clone = <T>(value: T): T => structuredClone(value);

export const fixtures = {
  /** GET /modelbreaches?minscore=0.0&starttime=1598932817000 — pbid 159 then 158. */
  breaches: modelbreaches as unknown as JsonObject[],
  /** GET /similardevices?did=1&count=2 — devices 823 and 3. */
  similarDevices: similarDevices as unknown as Array<Device & { score: number }>,
  /** GET /endpointdetails?hostname=test.com&additionalinfo=true&devices=true&score=true */
  endpointDetails: endpointDetails as unknown as JsonObject,
  /** GET /deviceinfo?did=1&datatype=co&showallgraphdata=false&fulldevicedetails=false */
  connInfo: connInfo as unknown as { deviceInfo: JsonObject[] },
  /** GET /tags/entities?did=1 */
  deviceTags: deviceTags as unknown as Tag[],
  /** GET /tags/entities?tag=Admin&fulldevicedetails=true */
  taggedDevices: taggedDevices as unknown as { entities: TagEntity[]; devices: Array<Device & { tags: Tag[] }> },
  /** GET /devicesearch?query=osSensor — device 1. */
  idInfo: idInfo as unknown as { totalCount: number; devices: Array<Device & { tags: Tag[] }> },
  /** GET /advancedsearch/api/analyze/@fields.source_ip/score/<b64> (2020-02-20 17:00–17:15). */
  advancedSearchAnalysis: advancedSearchAnalysis as unknown as JsonObject,
};
