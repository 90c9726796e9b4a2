// Every command the plugin offers. The server and the CLI receive this list through the registry.
import getSimilarDevices from './darktrace-get-similar-devices.js';
import getExternalEndpointDetails from './darktrace-get-external-endpoint-details.js';
import getDeviceConnectionInfo from './darktrace-get-device-connection-info.js';
import runAdvancedSearchAnalysis from './darktrace-run-advanced-search-analysis.js';
import postToWatchedList from './darktrace-post-to-watched-list.js';
import getWatchedList from './darktrace-get-watched-list.js';
import removeFromWatchedList from './darktrace-remove-from-watched-list.js';
import getTaggedDevices from './darktrace-get-tagged-devices.js';
import getTagsForDevice from './darktrace-get-tags-for-device.js';
import postTagToDevice from './darktrace-post-tag-to-device.js';
import removeTagFromDevice from './darktrace-remove-tag-from-device.js';
// RESPOND and appliance status
import listRespondActions from './darktrace-list-respond-actions.js';
import getRespondSummary from './darktrace-get-respond-summary.js';
import activateRespondAction from './darktrace-activate-respond-action.js';
import extendRespondAction from './darktrace-extend-respond-action.js';
import clearRespondAction from './darktrace-clear-respond-action.js';
import createManualRespondAction from './darktrace-create-manual-respond-action.js';
import getStatus from './darktrace-get-status.js';
import getSummaryStatistics from './darktrace-get-summary-statistics.js';
import testModule from './test-module.js';
import fetchIncidents from './fetch-incidents.js';

export const commands = [
  testModule,
  fetchIncidents,
  getSimilarDevices,
  getExternalEndpointDetails,
  getDeviceConnectionInfo,
  runAdvancedSearchAnalysis,
  postToWatchedList,
  getTaggedDevices,
  getTagsForDevice,
  postTagToDevice,
  removeTagFromDevice,
  getWatchedList,
  removeFromWatchedList,
  // RESPOND and appliance status
  listRespondActions,
  getRespondSummary,
  activateRespondAction,
  extendRespondAction,
  clearRespondAction,
  createManualRespondAction,
  getStatus,
  getSummaryStatistics,
];
