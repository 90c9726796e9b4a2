// The declared outputs of the RESPOND write commands: the action row as re-read, plus what was verified.
import type { OutputSpec } from '../registry/index.js';

const P = 'Darktrace.RespondAction';

export const WRITE_OUTPUTS: OutputSpec[] = [
  { contextPath: `${P}.codeid`, type: 'Number', description: 'The action ID.' },
  { contextPath: `${P}.did`, type: 'Number', description: 'The targeted device.' },
  { contextPath: `${P}.ip`, type: 'String', description: 'The targeted device\'s IP address.' },
  { contextPath: `${P}.action`, type: 'String', description: 'connection, pol, gpol, quarantine, quarantineOutgoing or quarantineIncoming.' },
  { contextPath: `${P}.label`, type: 'String', description: 'What the action does.' },
  { contextPath: `${P}.state`, type: 'String', description: 'pending, active, expired or cleared, as read back after the change.' },
  { contextPath: `${P}.manual`, type: 'Boolean', description: 'Created by hand rather than by a model.' },
  { contextPath: `${P}.active`, type: 'Boolean', description: 'Darktrace\'s flag (stays true after expiry).' },
  { contextPath: `${P}.cleared`, type: 'Boolean', description: 'Darktrace\'s flag: true after a manual clear.' },
  { contextPath: `${P}.blocked`, type: 'Boolean', description: 'Whether any matching connection was blocked.' },
  { contextPath: `${P}.score`, type: 'Number', description: 'Score of the triggering model breach (0 for manual actions).' },
  { contextPath: `${P}.pbid`, type: 'Number', description: 'The triggering model breach (absent for manual actions).' },
  { contextPath: `${P}.model`, type: 'String', description: 'The triggering model (absent for manual actions).' },
  { contextPath: `${P}.modeluuid`, type: 'String', description: 'The triggering model\'s UUID.' },
  { contextPath: `${P}.start`, type: 'Date', description: 'When the action started (ISO 8601).' },
  { contextPath: `${P}.expires`, type: 'Date', description: 'When the action expires (ISO 8601).' },
  { contextPath: `${P}.updated`, type: 'Date', description: 'When the action was last changed (ISO 8601).' },
  { contextPath: `${P}.triggeredBy`, type: 'String', description: 'The user who created the action by hand.' },
  { contextPath: `${P}.reason`, type: 'String', description: 'The reason given when it was created by hand.' },
  { contextPath: `${P}.verified`, type: 'Boolean', description: 'True: a read after the change showed it applied. False: Darktrace accepted it but the read-back failed (the row is the state before).' },
];
