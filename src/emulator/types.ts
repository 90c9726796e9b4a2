// Shapes every resource shares. Entity shapes (devices, tags, …) live with their resource.

/** Token permissions as named in the Darktrace API guide (reference §1.4). */
export const ALL_PERMISSIONS = [
  'Status',
  'Visualizer',
  'Advanced Search',
  'Edit Tags',
  'Edit Domains',
  'Unrestricted Devices',
  'Acknowledge Model Alerts',
  'Darktrace Autonomous Response',
  'Subnet Admin',
  'Device Admin',
  'Create Cyber AI Analyst Investigations',
  'View/Edit Models',
] as const;
export type Permission = (typeof ALL_PERMISSIONS)[number];

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };
