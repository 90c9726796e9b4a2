// The playbook checker: the shipped playbooks pass it, and it catches what would break a playbook in XSOAR.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRegistry } from '../../src/cli/runtime.js';
import { checkPlaybook, loadPlaybooks, type Playbook, type PlaybookTask } from '../../src/xsoar/playbook.js';
import { REPO_ROOT } from './helpers.js';

const registry = createRegistry();
const playbooks = loadPlaybooks(join(REPO_ROOT, 'playbooks'));
const byName = (name: string) => [...playbooks.values()].find((p) => p.name === name)!;

describe('shipped playbooks', () => {
  it('include the triage, containment and RESPOND containment playbooks', () => {
    expect([...playbooks.values()].map((p) => p.name).sort()).toEqual(expect.arrayContaining(['Darktrace Contain Device', 'Darktrace Model Breach Triage', 'Darktrace RESPOND Containment With Approval']));
  });

  for (const [file, playbook] of playbooks) {
    it(`${file} passes the checker`, () => {
      expect(checkPlaybook(playbook, registry)).toEqual([]);
    });

    it(`${file} uses only task types start/regular/condition/title and Darktrace commands`, () => {
      for (const task of Object.values(playbook.tasks)) {
        expect(['start', 'regular', 'condition', 'title']).toContain(task.type);
        if (task.task.script) expect(task.task.script).toMatch(/^DarktraceSOAR\|\|\|darktrace-[a-z-]+$/);
      }
      expect(playbook.id).toBe(playbook.name);
      expect(playbook.starttaskid).toBe('0');
      expect(playbook.tasks['0'].type).toBe('start');
    });
  }

  it('the containment playbook tags with a duration, watches endpoints, and has an approval that undoes both', () => {
    const contain = byName('Darktrace Contain Device');
    const commands = Object.values(contain.tasks).map((t) => t.task.script?.split('|||')[1]).filter(Boolean);
    expect(commands).toEqual(expect.arrayContaining([
      'darktrace-post-tag-to-device', 'darktrace-post-to-watched-list', 'darktrace-remove-tag-from-device', 'darktrace-remove-from-watched-list',
    ]));
    const tag = Object.values(contain.tasks).find((t) => t.task.script?.endsWith('darktrace-post-tag-to-device'))!;
    expect(tag.scriptarguments?.duration?.simple).toBeTruthy();
    const manual = Object.values(contain.tasks).filter((t) => t.type === 'condition' && !t.conditions);
    expect(manual).toHaveLength(1);
    expect(Object.keys(manual[0].nexttasks!).sort()).toEqual(['keep', 'undo']);
  });

  it('the triage playbook gets similar devices, connection info, tags, the connections metric around the breach and endpoint details', () => {
    const triage = byName('Darktrace Model Breach Triage');
    const commands = new Set(Object.values(triage.tasks).map((t) => t.task.script?.split('|||')[1]).filter(Boolean));
    expect([...commands].sort()).toEqual([
      'darktrace-get-device-connection-info', 'darktrace-get-external-endpoint-details', 'darktrace-get-metric-data', 'darktrace-get-profile',
      'darktrace-get-similar-devices', 'darktrace-get-tags-for-device',
    ]);
    const metric = Object.values(triage.tasks).find((t) => t.task.script === 'DarktraceSOAR|||darktrace-get-metric-data')!;
    expect(metric.scriptarguments).toEqual({
      metric: { simple: 'connections' }, did: { simple: '${inputs.DeviceId}' }, around: { simple: '${inputs.BreachTime}' }, interval: { simple: '5min' },
    });
    expect(triage.inputs?.find((i) => i.key === 'BreachTime')?.value).toEqual({ simple: '${incident.occurred}' });
  });

  it('the triage playbook baselines the device\'s connections over ten weekdays and branches on the z-score', () => {
    const triage = byName('Darktrace Model Breach Triage');
    const profile = Object.values(triage.tasks).find((t) => t.task.script === 'DarktraceSOAR|||darktrace-get-profile')!;
    expect(profile.scriptarguments).toEqual({
      profile: { simple: 'darktrace:connections' }, entity: { simple: '${inputs.DeviceId}' },
      window: { simple: '1 hour window every 24 hours from 14 days ago excluding weekends' }, now: { simple: '${inputs.BreachTime}' },
    });
    const branch = triage.tasks[profile.nexttasks!['#none#'][0]];
    expect(branch.type).toBe('condition');
    expect(branch.conditions!.map((c) => [c.label, c.condition[0][0].operator, c.condition[0][0].left!.value!.simple, c.condition[0][0].right!.value!.simple])).toEqual([
      ['unusual', 'greaterThanOrEqual', 'Darktrace.Profile.latest.zScore', '${inputs.ZScoreThreshold}'],
      ['normal', 'lessThan', 'Darktrace.Profile.latest.zScore', '${inputs.ZScoreThreshold}'],
    ]);
    expect(Object.keys(branch.nexttasks!)).toEqual(['unusual', 'normal', '#default#']);
    expect(triage.inputs?.find((i) => i.key === 'ZScoreThreshold')?.value).toEqual({ simple: '3' });
  });

  it('an argument the metric command does not take is caught', () => {
    const triage = structuredClone(byName('Darktrace Model Breach Triage')) as Playbook;
    const metric = Object.values(triage.tasks).find((t) => t.task.script === 'DarktraceSOAR|||darktrace-get-metric-data')!;
    metric.scriptarguments = { ...metric.scriptarguments, window: { simple: '2 hours' } };
    expect(checkPlaybook(triage, registry).join('\n')).toContain('window');
  });
});

describe('checker catches broken playbooks', () => {
  const base = () => structuredClone(byName('Darktrace Contain Device')) as Playbook;
  const taskRunning = (p: Playbook, command: string) => Object.values(p.tasks).find((t) => t.task.script === `DarktraceSOAR|||${command}`) as PlaybookTask;
  const problems = (mutate: (p: Playbook) => void) => {
    const p = base();
    mutate(p);
    return checkPlaybook(p, registry);
  };

  it('an unknown command (with a suggestion)', () => {
    expect(problems((p) => {
      taskRunning(p, 'darktrace-post-tag-to-device').task.script = 'DarktraceSOAR|||darktrace-post-tag-to-devices';
    })).toEqual([expect.stringMatching(/command darktrace-post-tag-to-devices is not in the registry \(did you mean darktrace-post-tag-to-device\?\)/)]);
  });

  it('a built-in command is not a task command', () => {
    expect(problems((p) => {
      taskRunning(p, 'darktrace-post-tag-to-device').task.script = 'DarktraceSOAR|||test-module';
    }).join('\n')).toMatch(/test-module is not in the registry/);
  });

  it('another brand', () => {
    expect(problems((p) => {
      const t = taskRunning(p, 'darktrace-post-tag-to-device');
      t.task.script = 'DarktraceAdmin|||darktrace-post-tag-to-device';
      t.task.brand = 'DarktraceAdmin';
    })).toEqual([expect.stringMatching(/brand "DarktraceAdmin" must be "DarktraceSOAR"/)]);
  });

  it('an unknown argument, and an alias instead of the declared name', () => {
    const found = problems((p) => {
      const t = taskRunning(p, 'darktrace-post-tag-to-device');
      t.scriptarguments!.expiry = { simple: '1' };
      t.scriptarguments!.did = t.scriptarguments!.deviceId;
      delete t.scriptarguments!.deviceId;
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/argument expiry is not an argument of darktrace-post-tag-to-device/),
      expect.stringMatching(/argument did of darktrace-post-tag-to-device is an alias: use deviceId/),
      expect.stringMatching(/required argument deviceId of darktrace-post-tag-to-device is not given/),
    ]));
  });

  it('a missing or empty required argument', () => {
    expect(problems((p) => {
      taskRunning(p, 'darktrace-post-tag-to-device').scriptarguments!.tagName = { simple: '' };
    })).toEqual([expect.stringMatching(/required argument tagName of darktrace-post-tag-to-device is not given/)]);
  });

  it('a branch to a task that does not exist', () => {
    expect(problems((p) => {
      p.tasks['2'].nexttasks!['#none#'] = ['3', '42'];
    })).toEqual([expect.stringMatching(/task 2 .*nexttasks "#none#" points at task "42", which does not exist/)]);
  });

  it('a task not reachable from the start', () => {
    expect(problems((p) => {
      p.tasks['3'].nexttasks = { yes: ['4'], '#default#': ['6'] }; // the approval (5) and its keep branch (10) are cut off
      p.tasks['4'].nexttasks = { '#none#': ['11'] };
    })).toEqual([
      'task 5 (Undo the containment?) is not reachable from starttaskid 0',
      'task 10 (Keep the containment) is not reachable from starttaskid 0',
    ]);
  });

  it('condition labels without branches, branches without labels, unknown operators, undeclared inputs', () => {
    const found = problems((p) => {
      const condition = p.tasks['3'];
      condition.conditions![0].condition[0][0].operator = 'isVeryFull';
      condition.conditions![0].condition[0][0].left.value.simple = 'inputs.Nope';
      condition.nexttasks = { maybe: ['4'], '#default#': ['5'] };
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/condition "yes" has no nexttasks branch/),
      expect.stringMatching(/nexttasks "maybe" matches no condition label/),
      expect.stringMatching(/unknown operator "isVeryFull"/),
      expect.stringMatching(/\$\{inputs\.Nope\} refers to an undeclared playbook input/),
    ]));
  });

  it('a manual condition with a single branch; a regular task with condition branches', () => {
    const found = problems((p) => {
      p.tasks['5'].nexttasks = { undo: ['6'] };
      p.tasks['10'].nexttasks = { '#none#': ['11'] };
      p.tasks['2'].nexttasks = { yes: ['3'] };
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/task 5 .*a manual condition needs at least two branches/),
      expect.stringMatching(/task 2 .*nexttasks "yes": a regular task only has #none#/),
    ]));
  });

  it('schema: version, ids, taskid/uuid, view JSON, unknown type', () => {
    const found = problems((p) => {
      p.version = 1;
      p.tasks['1'].id = '7';
      p.tasks['6'].taskid = 'not-a-uuid';
      p.tasks['6'].view = '{not json';
      (p.tasks['10'] as { type: string }).type = 'banana';
    });
    expect(found).toEqual(expect.arrayContaining([
      'version must be the integer -1',
      expect.stringMatching(/task 1 .*id must be "1"/),
      expect.stringMatching(/task 6 .*taskid must be a lowercase UUID/),
      expect.stringMatching(/task 6 .*view is not valid JSON/),
      expect.stringMatching(/task 10 .*unknown type "banana"/),
    ]));
  });

  it('an automation it does not know, and sub-playbooks', () => {
    const found = problems((p) => {
      const t = p.tasks['10'];
      t.type = 'regular';
      t.task.type = 'regular';
      t.task.scriptName = 'DeleteContext';
      const sub = p.tasks['6'];
      sub.type = 'playbook';
      sub.task.type = 'playbook';
      sub.task.playbookName = 'Something';
    });
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/script DeleteContext is not one the checker and runner know/),
      expect.stringMatching(/sub-playbooks are not supported/),
    ]));
  });
});
