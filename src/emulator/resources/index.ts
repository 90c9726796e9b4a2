// The emulated appliance's resources, one line each. The order is the order slices are built (a slice may
// only `need` slices listed above it), routes are mounted, and GET /__emulator/state lists counts.
import advancedsearch from './advancedsearch/index.js';
import antigena from './antigena/index.js';
import devices from './devices/index.js';
import intelfeed from './intelfeed/index.js';
import metrics from './metrics/index.js';
import modelbreaches from './modelbreaches/index.js';
import status from './status/index.js';
import summarystatistics from './summarystatistics/index.js';
import tags from './tags/index.js';
// model breaches' details, models and AI Analyst (issue 11)
import details from './details/index.js';
import models from './models/index.js';
import aianalyst from './aianalyst/index.js';
import type { Resource } from '../resource.js';

export const RESOURCES: readonly Resource[] = [
  status,
  devices,
  modelbreaches,
  metrics,
  tags,
  intelfeed,
  advancedsearch,
  // RESPOND and appliance status
  antigena,
  summarystatistics,
  // model breaches' details, models and AI Analyst (issue 11)
  details,
  models,
  aianalyst,
];
