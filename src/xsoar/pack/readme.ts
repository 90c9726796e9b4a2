// The pack's READMEs: the integration's (every command with its arguments and outputs, from the integration the
// registry builds), one per playbook (inputs, outputs, the commands it runs, its image) and the pack's.
import type { IntegrationDoc } from '../integration.js';
import type { Playbook } from '../playbook.js';
import { FIELDS, INCIDENT_TYPES, fieldsOf } from './fields.js';
import { PACK_VERSION } from './metadata.js';

/** A markdown table cell: pipes escaped, line breaks as <br>. */
export const cell = (text: unknown) => String(text ?? '').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

function table(header: string[], rows: string[][]): string {
  return [`| ${header.join(' | ')} |`, `| ${header.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

export function integrationReadme(doc: IntegrationDoc): string {
  const out: string[] = [
    `# ${doc.display}`,
    '',
    doc.description,
    '',
    'Every command runs in the Darktrace SOAR plugin (`darktrace-soar serve`); this integration forwards the command, the',
    'Test button and fetch-incidents to it with the appliance URL and API token pair of the instance.',
    '',
    '## Configure the integration on Cortex XSOAR',
    '',
    table(['Parameter', 'Description', 'Required'], doc.configuration.map((p) => [
      p.display ?? p.displaypassword ?? p.name,
      p.additionalinfo ?? '',
      p.required ? 'True' : 'False',
    ])),
    '',
    '## Incidents',
    '',
    'Fetched incidents are typed by source and mapped by the pack\'s incoming mapper:',
    '',
    ...INCIDENT_TYPES.map((t) => `- **${t.name}**: ${t.summary}.`),
    '',
    '## Commands',
    '',
    'You can execute these commands from the Cortex XSOAR CLI, as part of an automation, or in a playbook.',
    'After you successfully execute a command, a DBot message appears in the War Room with the command details.',
    '',
  ];
  for (const command of doc.script.commands) {
    out.push(`### ${command.name}`, '', '***', command.description, '', '#### Base Command', '', `\`${command.name}\``, '', '#### Input', '');
    if (command.arguments.length === 0) {
      out.push('There are no input arguments for this command.', '');
    } else {
      out.push(table(['Argument Name', 'Description', 'Required'], command.arguments.map((a) => {
        const extra: string[] = [];
        if (a.predefined?.length) extra.push(`Possible values are: ${a.predefined.join(', ')}.`);
        if (a.defaultValue !== undefined) extra.push(`Default is ${a.defaultValue}.`);
        const deprecated = (a as { deprecated?: boolean }).deprecated ? ' (deprecated)' : '';
        return [`${a.name}${deprecated}`, [a.description, ...extra].join(' '), a.required ? 'Required' : 'Optional'];
      })), '');
    }
    out.push('#### Context Output', '');
    if (command.outputs.length === 0) {
      out.push('There is no context output for this command.', '');
    } else {
      out.push(table(['Path', 'Type', 'Description'], command.outputs.map((o) => [o.contextPath, o.type, o.description])), '');
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function valueText(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = value as { simple?: string; complex?: { root?: string; accessor?: string } };
    if (v.simple !== undefined) return v.simple;
    if (v.complex) return [v.complex.root, v.complex.accessor].filter(Boolean).join('.');
  }
  return '';
}

/** The integration commands a playbook runs, in task order. */
export function playbookCommands(playbook: Playbook): string[] {
  const commands = Object.entries(playbook.tasks)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([, t]) => t.task.script)
    .filter((s): s is string => typeof s === 'string' && s.includes('|||'))
    .map((s) => s.split('|||')[1]!)
    .filter(Boolean);
  return [...new Set(commands)];
}

/** The integrations (brands) a playbook's command tasks name. */
export function playbookBrands(playbook: Playbook): string[] {
  return [...new Set(Object.values(playbook.tasks).filter((t) => t.task.iscommand && t.task.brand).map((t) => t.task.brand))].sort();
}

export function playbookReadme(playbook: Playbook, imageFile: string): string {
  const inputs = playbook.inputs ?? [];
  const outputs = playbook.outputs ?? [];
  return [
    `# ${playbook.name}`,
    '',
    playbook.description,
    '',
    '## Dependencies',
    '',
    'This playbook uses the following sub-playbooks, integrations, and scripts.',
    '',
    '### Integrations',
    '',
    ...playbookBrands(playbook).map((b) => `- ${b}`),
    '',
    '### Commands',
    '',
    ...playbookCommands(playbook).map((c) => `- ${c}`),
    '',
    '## Playbook Inputs',
    '',
    inputs.length === 0 ? 'There are no inputs for this playbook.' : table(['Name', 'Description', 'Default Value', 'Required'], inputs.map((i) => [
      i.key, i.description ?? '', valueText(i.value), i.required ? 'Required' : 'Optional',
    ])),
    '',
    '## Playbook Outputs',
    '',
    outputs.length === 0 ? 'There are no outputs for this playbook.' : table(['Path', 'Description', 'Type'], outputs.map((o) => [o.contextPath, o.description ?? '', o.type ?? ''])),
    '',
    '## Playbook Image',
    '',
    `![${playbook.name}](${imageFile})`,
    '',
  ].join('\n');
}

export function packReadme(doc: IntegrationDoc, playbooks: Playbook[]): string {
  return [
    '# Darktrace SOAR',
    '',
    'Darktrace model breaches, AI Analyst incident events and RESPOND actions become typed, mapped XSOAR incidents;',
    `${doc.script.commands.length} commands cover devices, tags, the watched list, external endpoints, model breaches, AI Analyst,`,
    'RESPOND, metrics and Advanced Search. Every command runs in the Darktrace SOAR plugin (an HTTP service that signs and',
    'sends the Darktrace API requests); the integration forwards to it.',
    '',
    '## What does this pack do?',
    '',
    `- The **${doc.display}** integration (\`${doc.commonfields.id}\`): the commands, the Test button, fetch-incidents.`,
    '- Incident types, each with its layout:',
    ...INCIDENT_TYPES.map((t) => `  - **${t.name}**: ${t.summary}.`),
    `- ${FIELDS.length} incident fields, a classifier (by source) and an incoming mapper that fills them from the fetched records.`,
    '- Playbooks:',
    ...playbooks.map((p) => `  - **${p.name}**: ${p.description}`),
    '',
    '## Incident fields by type',
    '',
    table(['Incident type', 'Fields'], INCIDENT_TYPES.map((t) => [t.name, fieldsOf(t.name).map((f) => f.name).join(', ')])),
    '',
    '## Before you start',
    '',
    'Run the plugin where the XSOAR engine can reach it (`darktrace-soar serve`, with',
    '`DARKTRACE_SOAR_ALLOW_INLINE_INSTANCES=true`), then configure an instance of the integration with the appliance URL,',
    'the API token pair, the plugin URL and a plugin API key. See the integration README for every parameter.',
    '',
    `Pack version ${PACK_VERSION}.`,
    '',
  ].join('\n');
}

/** ReleaseNotes/<version>.md: what this version of the pack contains. */
export function releaseNotes(doc: IntegrationDoc, playbooks: Playbook[]): string {
  return [
    '',
    '#### Integrations',
    '',
    `##### ${doc.display}`,
    '',
    `- New: the ${doc.commonfields.id} integration, with ${doc.script.commands.length} commands, the Test button and fetch-incidents (model breaches, AI Analyst events, RESPOND actions), forwarding to the Darktrace SOAR plugin.`,
    '',
    '#### Incident Types',
    '',
    ...INCIDENT_TYPES.map((t) => `##### ${t.name}\n\n- New: ${t.summary}.\n`),
    '#### Incident Fields',
    '',
    ...FIELDS.map((f) => `- New: **${f.name}**`),
    '',
    '#### Classifiers',
    '',
    '- New: the classifier (by source) and the incoming mapper for the three incident types.',
    '',
    '#### Layouts',
    '',
    ...INCIDENT_TYPES.map((t) => `- New: **${t.name} Layout**`),
    '',
    '#### Playbooks',
    '',
    ...playbooks.map((p) => `##### New: ${p.name}\n\n- ${p.description}\n`),
  ].join('\n');
}
