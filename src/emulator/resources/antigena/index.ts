// RESPOND (Antigena): GET/POST /antigena, POST /antigena/manual, GET /antigena/summary over the actions slice.
import { defineResource } from '../../resource.js';
import { changeAction, createManual, listActions, summary } from './routes.js';
import { AntigenaSlice, type AntigenaConfig } from './state.js';
import { ACTION_TYPES, type ActionType, type ManualResponse } from './types.js';

const MANUAL_RESPONSES: readonly ManualResponse[] = ['code', 'codeid'];

export default defineResource({
  name: 'antigena',
  configure: (options): AntigenaConfig => {
    const manualResponse = options.antigenaManualResponse ?? 'code';
    if (!MANUAL_RESPONSES.includes(manualResponse)) {
      throw new RangeError(`antigenaManualResponse must be 'code' or 'codeid', got ${JSON.stringify(manualResponse)}`);
    }
    return { manualResponse };
  },
  state: AntigenaSlice,
  summary: (self) => ({ respondActions: self.actions.size }),
  routes: [
    { method: 'GET', path: '/antigena', permission: 'Visualizer', handle: listActions },
    { method: 'POST', path: '/antigena', permission: 'Darktrace Autonomous Response', handle: changeAction },
    { method: 'POST', path: '/antigena/manual', permission: 'Darktrace Autonomous Response', handle: createManual },
    { method: 'GET', path: '/antigena/summary', permission: 'Visualizer', handle: summary },
  ],
  control: [
    {
      method: 'POST', path: '/antigena', description: 'add a pending RESPOND action (awaiting confirmation): {did, action?, duration?, pbid?} → 201 action',
      handle: (body, { self }) => {
        const did = body.did;
        if (typeof did !== 'number' || !Number.isInteger(did)) throw new Error('did must be an integer');
        const action = (body.action ?? 'quarantine') as ActionType;
        if (!ACTION_TYPES.includes(action)) throw new Error(`action must be one of ${ACTION_TYPES.join(', ')}`);
        const duration = body.duration ?? 3600;
        if (typeof duration !== 'number' || !Number.isInteger(duration) || duration < 1) throw new Error('duration must be a positive integer (seconds)');
        const pbid = typeof body.pbid === 'number' ? body.pbid : undefined;
        return self.create({ did, action, durationSeconds: duration, pending: true, pbid });
      },
    },
  ],
});
