// The Darktrace calls the plugin makes, one module per resource. Commands import the module they need;
// this list is for whatever must see every call (tests of the send policies, documentation).
import { analyze } from './advancedsearch.js';
import { deviceInfo } from './deviceinfo.js';
import { endpointDetails } from './endpointdetails.js';
import { unwatch, watch, watchedEntries } from './intelfeed.js';
import { breachesCreatedBetween, breachTimesCreatedBetween } from './modelbreaches.js';
// model breaches and AI Analyst (issue 11)
import { acknowledgeBreach, breach, breachComments, commentOnBreach, unacknowledgeBreach } from './modelbreaches.js';
import { breachConnections } from './details.js';
import { component, model, modelsWithUuid } from './models.js';
// metric data (issue 12)
import { metricById, metricData, metricList } from './metrics.js';
import {
  acknowledgeEvent, commentOnEvent, eventComments, incidentEvents, incidentGroups, pinEvent, unacknowledgeEvent, unpinEvent,
} from './aianalyst.js';
import { similarDevices } from './similardevices.js';
import { status, statusReport } from './status.js';
import { summaryStatistics } from './summarystatistics.js';
import {
  activateRespondAction, clearRespondAction, createManualRespondAction, extendRespondAction, respondActionStarts, respondActions, respondSummary,
} from './antigena.js';
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
  breachTimesCreatedBetween,
  // RESPOND and appliance status
  statusReport,
  summaryStatistics,
  respondActions,
  respondActionStarts,
  respondSummary,
  activateRespondAction,
  extendRespondAction,
  clearRespondAction,
  createManualRespondAction,
  // model breaches and AI Analyst (issue 11)
  breach,
  acknowledgeBreach,
  unacknowledgeBreach,
  breachComments,
  commentOnBreach,
  breachConnections,
  modelsWithUuid,
  model,
  component,
  incidentEvents,
  incidentGroups,
  acknowledgeEvent,
  unacknowledgeEvent,
  pinEvent,
  unpinEvent,
  eventComments,
  commentOnEvent,
  // metric data (issue 12)
  metricList,
  metricById,
  metricData,
} as const;
