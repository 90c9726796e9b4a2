// The Darktrace calls the plugin makes, one module per resource. Commands import the module they need;
// this list is for whatever must see every call (tests of the send policies, documentation).
import { analyze } from './advancedsearch.js';
import { deviceInfo } from './deviceinfo.js';
import { endpointDetails } from './endpointdetails.js';
import { unwatch, watch, watchedEntries } from './intelfeed.js';
import { breachesCreatedBetween } from './modelbreaches.js';
import { similarDevices } from './similardevices.js';
import { status } from './status.js';
import { entitiesWithTag, tagDevice, tagsOfDevice, untagDevice } from './tags.js';

export { answerText, defineEndpoint, type DarktraceApi, type Endpoint } from './endpoint.js';

export const ENDPOINTS = {
  status,
  similarDevices,
  endpointDetails,
  deviceInfo,
  analyze,
  watchedEntries,
  watch,
  unwatch,
  tagsOfDevice,
  entitiesWithTag,
  tagDevice,
  untagDevice,
  breachesCreatedBetween,
} as const;
