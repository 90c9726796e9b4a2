// GET /status (reference §2.2.1): a realistic subset of the appliance's health object.
import type { Exchange } from '../../http.js';
import { defineResource, type Scope } from '../../resource.js';
import { dtTime } from '../../time.js';
import { DevicesSlice } from '../devices/state.js';
import { ModelBreachesSlice } from '../modelbreaches/state.js';

export const VERSION = '6.1.23 (f35936c6)';

function status(x: Exchange, { need, env }: Scope<undefined, undefined>) {
  x.params.bool('includechildren', true);
  x.params.bool('fast', false);
  const now = env.now();
  const { devices } = need(DevicesSlice);
  const subnets = [...new Set([...devices.values()].map((d) => d.sid))].filter((sid) => sid >= 0).sort((a, b) => a - b);
  x.ok({
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
  });
}

export default defineResource({
  name: 'status',
  routes: [{ method: 'GET', path: '/status', permission: 'Status', handle: status }],
});
