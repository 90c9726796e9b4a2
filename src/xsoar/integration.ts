// integration.yml for Cortex XSOAR, generated from the registry (the single source of truth) by
// `darktrace-soar gen`. Schema: demisto-sdk integration.yml (reference soar-conventions §4.1) and the rules of
// its `validate` (codes in the comments below). The script is the stdlib-only Python shim in shim.py, embedded
// as is except for its generated lines (marked `# generated`): the read-only commands, which drive its retry
// policy, the aliases whose argument has a default, and the fetch parameters it forwards (from their
// declarations in src/fetch) with their old names.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { EVENT_PARAMS, EVENT_SOURCES_PARAM, FETCH_PARAMS, SNAPSHOT_INTERVAL_PARAM, type FetchParamSpec } from '../fetch/index.js';
import type { AnyArgSpec } from '../registry/args.js';
import type { CommandDef } from '../registry/command.js';
import type { Registry } from '../registry/registry.js';
import { PACKAGE_ROOT } from '../util/package-root.js';

/**
 * The integration's id and name: playbooks call its commands as `DarktraceSOAR|||<command>`. Not `Darktrace`:
 * that id belongs to the official pack's legacy (deprecated) integration, and two integrations with one id
 * collide (demisto-sdk validate GR105).
 */
export const BRAND = 'DarktraceSOAR';
export const DISPLAY = 'Darktrace SOAR';
/** Commands XSOAR/XSIAM have built in: never listed under script.commands; the shim maps them to /v1/test, /v1/fetch-incidents, /v1/fetch-events. */
export const BUILTIN_COMMANDS: readonly string[] = ['test-module', 'fetch-incidents', 'fetch-events'];
/**
 * The newest demisto/python3 tag found in the demisto/content repository (DO106 flags stale ones): the official
 * DarktraceASMRisk integration, Packs/DarktraceASM/Integrations/DarktraceASMRisk/DarktraceASMRisk.yml at
 * 47d7d6ba6082e4cdbdd59755e4067bc9a614f123 (newer than CommonServerPython.yml's 3.12.7.117934 at 63b482c8; the
 * other official Darktrace integrations still pin 3.11.10.x). The shim needs only the standard library.
 */
export const DOCKER_IMAGE = 'demisto/python3:3.12.8.1983910';
export const FROM_VERSION = '6.10.0';

// From the package root, not import.meta.url: the built CLI runs from dist/, the shim stays in src/xsoar.
export const SHIM_SOURCE_PATH = join(PACKAGE_ROOT, 'src/xsoar/shim.py');
const READ_ONLY_MARKER = /^READ_ONLY_COMMANDS = frozenset\(\) {2}# generated$/m;
const ALIASED_DEFAULTS_MARKER = /^ALIASED_DEFAULTS = \{\} {2}# generated$/m;
const FETCH_PARAMS_MARKER = /^FETCH_PARAMS = \(\) {2}# generated$/m;
const EVENT_PARAMS_MARKER = /^EVENT_PARAMS = \(\) {2}# generated$/m;
const PARAM_ALIASES_MARKER = /^PARAM_ALIASES = \{\} {2}# generated$/m;

export interface ConfigParam {
  name: string;
  display?: string;
  displaypassword?: string;
  hiddenusername?: boolean;
  type: number;
  required: boolean;
  defaultvalue?: string;
  additionalinfo?: string;
  section: 'Connect' | 'Collect';
  advanced?: boolean;
  /** Single/multi-select (types 15/16): the values offered. */
  options?: string[];
}

export interface IntegrationArgument {
  name: string;
  description: string;
  required: boolean;
  isArray?: boolean;
  defaultValue?: string;
  auto?: 'PREDEFINED';
  predefined?: string[];
  secret?: boolean;
  /** An old (official pack) name of another argument: hidden in XSOAR's UI, still delivered to the command. */
  deprecated?: boolean;
}

export interface IntegrationOutput {
  contextPath: string;
  type: string;
  description: string;
}

export interface IntegrationCommand {
  name: string;
  description: string;
  execution?: boolean;
  arguments: IntegrationArgument[];
  outputs: IntegrationOutput[];
}

export interface IntegrationDoc {
  commonfields: { id: string; version: -1 };
  name: string;
  display: string;
  category: 'Network Security';
  /**
   * demisto-sdk validate ST111 asks for this exact key. Written alone: the strict model
   * (demisto_sdk/commands/content_graph/strict_objects/integration.py at 7d686b45d2e4ddf19eb070bd303f5af5af6e86c8)
   * reads `sectionOrder` only as a fallback, and with both keys present its merge indexes fields that do not exist.
   */
  sectionorder: string[];
  description: string;
  detaileddescription: string;
  configuration: ConfigParam[];
  script: {
    type: 'python';
    subtype: 'python3';
    dockerimage: string;
    isfetch: true;
    isfetchevents: true;
    runonce: false;
    commands: IntegrationCommand[];
    script: string;
  };
  fromversion: string;
  tests: string[];
}

/** A fetch parameter's instance parameter, from its declaration (src/fetch: FETCH_PARAMS). */
export function configParamOf(spec: FetchParamSpec): ConfigParam {
  const { display, type, required, advanced, additionalinfo } = spec.integration;
  return {
    name: spec.name, display, type, required, section: 'Collect',
    // A multi-select's default is its values joined by commas (how XSOAR stores and sends it).
    defaultvalue: spec.kind === 'choices' ? spec.default.join(',') : String(spec.default),
    ...(advanced ? { advanced } : {}),
    ...(additionalinfo ? { additionalinfo } : {}),
    ...(spec.kind === 'choices' ? { options: [...spec.choices] } : {}),
  };
}

/**
 * The instance parameters: the seed integration's (url, the API token pair, insecure, proxy, isFetch, min_score,
 * max_fetch, first_fetch) plus the plugin connection and the fetch extras. The fetch parameters come from their
 * declarations. The token pair is one credentials parameter (type 9: identifier = public token, password =
 * private token; demisto-sdk validate IN145), so XSOAR shows its credentials widget and a vault can fill it.
 * The shim still reads the names older configurations have: the official packs' publicApiKey/privateApiKey
 * (DarktraceAdmin/MBs/AIA) and public_creds/private_creds (DarktraceEventCollector), and this plugin's earlier
 * public_api_token/private_api_token.
 */
export const CONFIGURATION: readonly ConfigParam[] = [
  {
    name: 'url', display: 'Server URL of the Darktrace appliance (e.g. https://example.net)', type: 0, required: true,
    defaultvalue: 'https://example.net', section: 'Connect',
    additionalinfo: 'The Darktrace appliance (master) URL. The Darktrace SOAR plugin connects to it; XSOAR does not.',
  },
  {
    name: 'credentials', display: 'Public API Token', displaypassword: 'Private API Token', type: 9, required: true, section: 'Connect',
    additionalinfo: 'An API token pair created on the Darktrace System Config page (Settings > API Token): the public token as the user name, the private token as the password. The pair is sent to the plugin with each request and never stored there.',
  },
  {
    name: 'plugin_url', display: 'Darktrace SOAR plugin URL (e.g. https://darktrace-soar.example.com:8080)', type: 0, required: true,
    section: 'Connect',
    additionalinfo: 'Where the Darktrace SOAR plugin (darktrace-soar serve) listens. It must run with DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES=true, and with DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS naming the range of an appliance on a private address.',
  },
  {
    name: 'plugin_api_key', displaypassword: 'Plugin API key', hiddenusername: true, type: 9, required: true, section: 'Connect',
    additionalinfo: 'A key from the plugin\'s DARKTRACE_SOAR_API_KEYS. Scope "write" runs every command; "read" only the read-only ones, the Test button and fetch.',
  },
  {
    name: 'insecure', display: 'Trust any certificate (not secure)', type: 8, required: false, section: 'Connect', advanced: true,
    additionalinfo: 'Skips TLS certificate checks, both from XSOAR to the plugin and from the plugin to the Darktrace appliance.',
  },
  {
    name: 'proxy', display: 'Use system proxy settings', type: 8, required: false, section: 'Connect', advanced: true,
    additionalinfo: 'XSOAR reaches the plugin through the system proxy, and the plugin reaches Darktrace through its own HTTPS_PROXY.',
  },
  { name: 'isFetch', display: 'Fetch incidents', type: 8, required: false, section: 'Collect' },
  { name: 'incidentType', display: 'Incident type', type: 13, required: false, section: 'Collect' },
  {
    name: 'incidentFetchInterval', display: 'Incidents Fetch Interval', type: 19, required: false, defaultvalue: '1',
    section: 'Collect', advanced: true,
  },
  ...FETCH_PARAMS.map(configParamOf),
  // XSIAM's events collection (fetch-events): its switch and interval, then the events-only parameters; the
  // filters and max_fetch / first_fetch / look_back above apply to it too.
  { name: 'isFetchEvents', display: 'Fetch events', type: 8, required: false, section: 'Collect' },
  { name: 'eventFetchInterval', display: 'Events Fetch Interval', type: 19, required: false, defaultvalue: '1', section: 'Collect', advanced: true },
  ...[EVENT_SOURCES_PARAM, SNAPSHOT_INTERVAL_PARAM].map(configParamOf),
];

const DESCRIPTION =
  'Darktrace model breaches as incidents, and device, tag, watched-list, external-endpoint and Advanced Search '
  + 'actions, executed by the Darktrace SOAR plugin (an HTTP service) that this integration forwards to.';

const DETAILED_DESCRIPTION = `## Darktrace SOAR
This integration forwards every command, the Test button and fetch-incidents to the **Darktrace SOAR plugin**,
which signs and sends the Darktrace API requests. Run the plugin first:

\`\`\`
DARKTRACE_SOAR_API_KEYS="<key>:write" DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES=true \\
  DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS=10.0.0.0/8 ./bin/darktrace-soar serve --port 8080 --host 0.0.0.0
\`\`\`

The plugin connects only to public addresses unless DARKTRACE_SOAR_ALLOW_PRIVATE_TARGETS lists the private ranges
(CIDRs) your appliances are in; cloud metadata addresses are always refused.

Then configure:
- **Server URL of the Darktrace appliance** and the **Public API Token** / **Private API Token** pair (Darktrace System
  Config > API Token; a credentials parameter: the public token as user name, the private token as password).
- **Darktrace SOAR plugin URL** (reachable from the XSOAR engine) and **Plugin API key** (a key from DARKTRACE_SOAR_API_KEYS;
  "write" scope for tagging and the watched list).

The Darktrace connection travels with each request; the plugin stores no credentials.
`;

/** XSOAR's defaultValue is text: booleans true/false, lists comma-separated. */
export function defaultValueText(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (Array.isArray(value)) return value.map(String).join(',');
  return String(value);
}

/**
 * A declared argument. An argument with aliases is never `required` in the yml: XSOAR refuses a call that lacks a
 * required argument before the command runs, so an old playbook that says `endpointValue` would be stopped for
 * want of `endpoint_value`. The plugin checks "one of the names is given" instead (registry parseArgs).
 */
function argumentOf(name: string, spec: AnyArgSpec): IntegrationArgument {
  const oneOf = spec.required && spec.aliases.length > 0;
  const description = oneOf ? `${spec.description} Required (this or ${spec.aliases.join(' or ')}).` : spec.description;
  const out: IntegrationArgument = { name, description, required: spec.required && !oneOf };
  if (spec.isArray) out.isArray = true;
  const defaultValue = defaultValueText(spec.default);
  if (defaultValue !== undefined) out.defaultValue = defaultValue;
  if (spec.predefined && spec.predefined.length > 0) {
    out.auto = 'PREDEFINED';
    out.predefined = [...spec.predefined];
  }
  if (spec.secret) out.secret = true;
  return out;
}

/**
 * An alias (an official pack's name for the argument, or an older one of ours), declared `deprecated: true`: XSOAR
 * drops arguments a command does not declare, so an old playbook's call reaches the plugin only through these.
 * No defaultValue (XSOAR would send it beside the canonical argument's), never required, the canonical values.
 */
function aliasArgumentOf(alias: string, name: string, spec: AnyArgSpec): IntegrationArgument {
  const out: IntegrationArgument = { name: alias, description: `Deprecated: use ${name}. ${spec.description}`, required: false };
  if (spec.isArray) out.isArray = true;
  if (spec.predefined && spec.predefined.length > 0) {
    out.auto = 'PREDEFINED';
    out.predefined = [...spec.predefined];
  }
  if (spec.secret) out.secret = true;
  out.deprecated = true;
  return out;
}

/** Each argument, then its aliases as deprecated arguments (the registry's alias lists are the one source). */
export function argumentsOf(command: CommandDef): IntegrationArgument[] {
  return Object.entries(command.args).flatMap(([name, spec]) => [
    argumentOf(name, spec),
    ...spec.aliases.map((alias) => aliasArgumentOf(alias, name, spec)),
  ]);
}

export function commandOf(command: CommandDef): IntegrationCommand {
  return {
    name: command.name,
    description: command.description,
    // XSOAR's `execution` flag (a "potentially harmful" command) is every command that is not read-only.
    ...(command.access !== 'read' ? { execution: true } : {}),
    arguments: argumentsOf(command),
    outputs: (command.outputs ?? []).map((o) => ({ contextPath: o.contextPath, type: o.type, description: o.description })),
  };
}

/** The commands under script.commands: every registry command but XSOAR's built-in ones, in registry order. */
export function integrationCommands(registry: Registry): CommandDef[] {
  return registry.list().filter((c) => !BUILTIN_COMMANDS.includes(c.name));
}

/** A Python string literal. */
const py = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;

/**
 * Aliases (the official pack's argument names) of arguments that have a defaultValue, per command:
 * XSOAR fills the default in, so a playbook using the alias sends both names (the shim drops the default).
 */
export function aliasedDefaults(registry: Registry): Array<[command: string, alias: string, argument: string, defaultValue: string]> {
  const out: Array<[string, string, string, string]> = [];
  for (const command of integrationCommands(registry)) {
    for (const [name, spec] of Object.entries(command.args)) {
      const value = defaultValueText(spec.default);
      if (value === undefined) continue;
      for (const alias of spec.aliases) out.push([command.name, alias, name, value]);
    }
  }
  return out;
}

/**
 * shim.py with its generated lines filled in: the read-only commands (retried on 502/503/504), the aliases whose
 * argument has a default, the fetch parameters forwarded to /v1/test, /v1/fetch-incidents and /v1/fetch-events,
 * and those parameters' old names (read when an old instance configuration has only them).
 */
export function shimSource(registry: Registry, source = readFileSync(SHIM_SOURCE_PATH, 'utf8')): string {
  if (!READ_ONLY_MARKER.test(source)) throw new Error('shim.py: the READ_ONLY_COMMANDS marker line is missing');
  if (!ALIASED_DEFAULTS_MARKER.test(source)) throw new Error('shim.py: the ALIASED_DEFAULTS marker line is missing');
  if (!FETCH_PARAMS_MARKER.test(source)) throw new Error('shim.py: the FETCH_PARAMS marker line is missing');
  if (!EVENT_PARAMS_MARKER.test(source)) throw new Error('shim.py: the EVENT_PARAMS marker line is missing');
  if (!PARAM_ALIASES_MARKER.test(source)) throw new Error('shim.py: the PARAM_ALIASES marker line is missing');
  const readOnly = integrationCommands(registry).filter((c) => c.access === 'read').map((c) => c.name).sort();
  const readOnlyLine = readOnly.length === 0
    ? 'READ_ONLY_COMMANDS = frozenset()'
    : `READ_ONLY_COMMANDS = frozenset([\n${readOnly.map((n) => `    ${py(n)},`).join('\n')}\n])`;
  const byCommand = new Map<string, string[]>();
  for (const [command, alias, name, value] of aliasedDefaults(registry)) {
    byCommand.set(command, [...(byCommand.get(command) ?? []), `${py(alias)}: (${py(name)}, ${py(value)})`]);
  }
  const aliasLine = byCommand.size === 0
    ? 'ALIASED_DEFAULTS = {}'
    : `ALIASED_DEFAULTS = {\n${[...byCommand].map(([command, items]) => `    ${py(command)}: {${items.join(', ')}},`).join('\n')}\n}`;
  const tuple = (specs: readonly FetchParamSpec[]) => `(${specs.map((p) => py(p.name)).join(', ')}${specs.length === 1 ? ',' : ''})`;
  const fetchLine = `FETCH_PARAMS = ${tuple(FETCH_PARAMS)}`;
  const eventLine = `EVENT_PARAMS = ${tuple(EVENT_PARAMS)}`;
  const aliased = [...new Map([...FETCH_PARAMS, ...EVENT_PARAMS].filter((p) => p.aliases.length > 0).map((p) => [p.name, p])).values()];
  const paramAliasLine = aliased.length === 0
    ? 'PARAM_ALIASES = {}'
    : `PARAM_ALIASES = {${aliased.map((p) => `${py(p.name)}: (${p.aliases.map(py).join(', ')}${p.aliases.length === 1 ? ',' : ''})`).join(', ')}}`;
  return source
    .replace(READ_ONLY_MARKER, () => readOnlyLine)
    .replace(ALIASED_DEFAULTS_MARKER, () => aliasLine)
    .replace(FETCH_PARAMS_MARKER, () => fetchLine)
    .replace(EVENT_PARAMS_MARKER, () => eventLine)
    .replace(PARAM_ALIASES_MARKER, () => paramAliasLine);
}

export function buildIntegration(registry: Registry): IntegrationDoc {
  return {
    commonfields: { id: BRAND, version: -1 },
    name: BRAND,
    display: DISPLAY,
    category: 'Network Security',
    sectionorder: ['Connect', 'Collect'],
    description: DESCRIPTION,
    detaileddescription: DETAILED_DESCRIPTION,
    configuration: CONFIGURATION.map((p) => ({ ...p })),
    script: {
      type: 'python',
      subtype: 'python3',
      dockerimage: DOCKER_IMAGE,
      isfetch: true,
      isfetchevents: true,
      runonce: false,
      commands: integrationCommands(registry).map(commandOf),
      script: shimSource(registry),
    },
    fromversion: FROM_VERSION,
    tests: ['No tests'],
  };
}

const HEADER = '# Generated by `./bin/darktrace-soar gen` from the command registry. Do not edit: change the\n'
  + '# commands (commands/), src/xsoar/integration.ts or src/xsoar/shim.py and run gen again.\n';

/** YAML 1.1 (yes/no/on/off quoted, as XSOAR's parsers read 1.1), no line folding, stable key order. */
export function toYaml(value: unknown): string {
  return stringify(value, { version: '1.1', lineWidth: 0, minContentWidth: 0 });
}

/** The exact integration.yml text `gen` writes. */
export function renderIntegration(registry: Registry): string {
  return HEADER + toYaml(buildIntegration(registry));
}
