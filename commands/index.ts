// Every command the plugin offers. The server and the CLI receive this list through the registry.
import getSimilarDevices from './darktrace-get-similar-devices.js';
import testModule from './test-module.js';

export const commands = [
  testModule,
  getSimilarDevices,
];
