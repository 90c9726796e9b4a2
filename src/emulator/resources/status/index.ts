// GET /status (reference §2.2.1, extended §3): a realistic subset of the appliance's health object. With
// includechildren (default true) a master lists its probes keyed by id strings — the captured healthy vSensor
// 12 and errored probe 13 (status_master_6x_probes.json) — and a Unified View (option `statusUnifiedView`)
// its `instances` keyed by id, each with its own probes (status_unified_view.json). fast=true leaves out the
// subnet-derived keys.
import probesFixture from '../../fixtures/darktrace-extended/status_master_6x_probes.json' with { type: 'json' };
import unifiedFixture from '../../fixtures/darktrace-extended/status_unified_view.json' with { type: 'json' };
import { clone, envelope } from '../../fixtures.js';
import type { Exchange } from '../../http.js';
import type { JsonObject } from '../../types.js';
import { defineResource, type Scope } from '../../resource.js';
import { dtTime } from '../../time.js';
import { DevicesSlice } from '../devices/state.js';
import { ModelBreachesSlice } from '../modelbreaches/state.js';

export const VERSION = '6.1.23 (f35936c6)';

const captured = {
  probes: envelope<{ probes: JsonObject }>(probesFixture, 'status_master_6x_probes.json').response.probes,
  instances: envelope<{ instances: Record<string, JsonObject> }>(unifiedFixture, 'status_unified_view.json').response.instances,
};

/** Keys a fast=true answer may lack (reference §3.2): those derived from the live subnet query. */
const SUBNET_KEYS = ['subnets', 'subnetData', 'newDevices4Weeks', 'newDevices7Days', 'newDevices24Hours', 'newDevicesHour',
  'activeDevices4Weeks', 'activeDevices7Days', 'activeDevices24Hours', 'activeDevicesHour', 'deviceHostnames',
  'deviceMACAddresses', 'deviceRecentIPChange', 'recentUnidirectionalConnections'];

export interface StatusConfig {
  /** Option `statusUnifiedView`: answer as a Unified View with `instances`. */
  unifiedView: boolean;
}

function status(x: Exchange, { need, env, config }: Scope<undefined, StatusConfig>) {
  const children = x.params.bool('includechildren', true);
  const fast = x.params.bool('fast', false);
  const body = health(need, env.now());
  if (fast) for (const key of SUBNET_KEYS) delete body[key];
  if (config.unifiedView) {
    body.label = 'unified-view';
    const instances = clone(captured.instances);
    if (!children) for (const instance of Object.values(instances)) delete instance.probes;
    body.instances = instances;
  } else if (children) {
    body.probes = clone(captured.probes);
  }
  x.ok(body);
}

function health(need: Scope<undefined, StatusConfig>['need'], now: number): Record<string, unknown> {
  const { devices } = need(DevicesSlice);
  const subnets = [...new Set([...devices.values()].map((d) => d.sid))].filter((sid) => sid >= 0).sort((a, b) => a - b);
  return {
    excessTraffic: false,
    time: dtTime(Math.floor(now / 60_000) * 60_000), // minute resolution, e.g. "2023-12-31 14:41:00"
    installed: '2020-06-09',
    mobileAppConfigured: false,
    version: VERSION,
    ipAddress: '10.0.0.10',
    modelsUpdated: dtTime(now - 6 * 3_600_000),
    modelPackageVersion: '6.1.23-1234~20231101',
    bundleVersion: '61234',
    bundleVariant: 'release',
    bundleDate: '2023-11-01 00:00:00',
    bundleInstalledDate: '2023-11-02 09:00:00',
    hostname: 'dt-emulator',
    inoculation: false,
    license: '2030-01-01 00:00:00',
    antigenaNetworkEnabled: true,
    antigenaNetworkRunning: true,
    type: 'master',
    diskSpaceUsed_: 42,
    cpu: 17,
    memoryUsed: 61,
    load: 12,
    dataQueue: 0,
    darkflowQueue: 0,
    connectionsPerMinuteCurrent: 1873,
    credentials: [...devices.values()].filter((d) => d.credentials).length,
    models: 1320,
    modelsBreached: need(ModelBreachesSlice).count,
    modelsSuppressed: 0,
    subnets: subnets.length,
    subnetData: subnets.map((sid) => ({
      sid,
      network: `10.${sid}.0.0/16`,
      devices: [...devices.values()].filter((d) => d.sid === sid).length,
      clientDevices: 0,
      mostRecentTraffic: dtTime(now - 60_000),
      mostRecentDHCP: dtTime(now - 600_000),
      dhcpQuality: 100,
      kerberosQuality: 0,
    })),
    uptime: '41 days, 3:12',
    systemuptime: '41 days, 3:14',
  };
}

export default defineResource({
  name: 'status',
  configure: (options): StatusConfig => ({ unifiedView: options.statusUnifiedView ?? false }),
  routes: [{ method: 'GET', path: '/status', permission: 'Status', handle: status }],
});
