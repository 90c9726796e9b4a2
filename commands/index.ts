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
import fetchEvents from './fetch-events.js';
// model breaches and AI Analyst (issue 11)
import getModelBreach from './darktrace-get-model-breach.js';
import acknowledgeModelBreach from './darktrace-acknowledge-model-breach.js';
import unacknowledgeModelBreach from './darktrace-unacknowledge-model-breach.js';
import getModelBreachComments from './darktrace-get-model-breach-comments.js';
import postCommentToModelBreach from './darktrace-post-comment-to-model-breach.js';
import getModelBreachConnections from './darktrace-get-model-breach-connections.js';
import getModel from './darktrace-get-model.js';
import getModelComponent from './darktrace-get-model-component.js';
import listAiAnalystIncidentEvents from './darktrace-list-ai-analyst-incident-events.js';
import listAiAnalystGroups from './darktrace-list-ai-analyst-groups.js';
import acknowledgeAiAnalystEvent from './darktrace-acknowledge-ai-analyst-event.js';
import unacknowledgeAiAnalystEvent from './darktrace-unacknowledge-ai-analyst-event.js';
import pinAiAnalystEvent from './darktrace-pin-ai-analyst-event.js';
import unpinAiAnalystEvent from './darktrace-unpin-ai-analyst-event.js';
import getAiAnalystComments from './darktrace-get-ai-analyst-comments.js';
import postCommentToAiAnalystEvent from './darktrace-post-comment-to-ai-analyst-event.js';
// metric data (issue 12)
import listMetrics from './darktrace-list-metrics.js';
import getMetricData from './darktrace-get-metric-data.js';
// metric descriptors and records (issue 14)
import listMetricDescriptors from './darktrace-list-metric-descriptors.js';
import getMetricDescriptor from './darktrace-get-metric-descriptor.js';
import submitMetricRecords from './darktrace-submit-metric-records.js';
import aggregateMetricRecords from './darktrace-aggregate-metric-records.js';
// profiles (issue 15)
import getProfile from './darktrace-get-profile.js';
import collectMetricData from './darktrace-collect-metric-data.js';

export const commands = [
  testModule,
  fetchIncidents,
  fetchEvents,
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
  // model breaches and AI Analyst (issue 11)
  getModelBreach,
  acknowledgeModelBreach,
  unacknowledgeModelBreach,
  getModelBreachComments,
  postCommentToModelBreach,
  getModelBreachConnections,
  getModel,
  getModelComponent,
  listAiAnalystIncidentEvents,
  listAiAnalystGroups,
  acknowledgeAiAnalystEvent,
  unacknowledgeAiAnalystEvent,
  pinAiAnalystEvent,
  unpinAiAnalystEvent,
  getAiAnalystComments,
  postCommentToAiAnalystEvent,
  // metric data (issue 12)
  listMetrics,
  getMetricData,
  // metric descriptors and records (issue 14)
  listMetricDescriptors,
  getMetricDescriptor,
  submitMetricRecords,
  aggregateMetricRecords,
  // profiles (issue 15)
  getProfile,
  collectMetricData,
];
