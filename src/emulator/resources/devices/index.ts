// Devices: /similardevices, /endpointdetails, /deviceinfo, over the seeded devices and external endpoints.
import { defineResource } from '../../resource.js';
import { deviceInfo, endpointDetails, similarDevices, similarDevicesPathForm } from './routes.js';
import { DevicesSlice } from './state.js';

export default defineResource({
  name: 'devices',
  configure: (options) => ({ count: options.devices ?? 50 }),
  state: DevicesSlice,
  summary: (self) => ({ devices: self.devices.size }),
  routes: [
    { method: 'GET', path: '/similardevices', permission: 'Visualizer', handle: similarDevices },
    { method: 'GET', path: '/similardevices/*rest', permission: null, handle: similarDevicesPathForm },
    { method: 'GET', path: '/endpointdetails', permission: 'Visualizer', handle: endpointDetails },
    { method: 'GET', path: '/deviceinfo', permission: 'Visualizer', handle: deviceInfo },
  ],
});
