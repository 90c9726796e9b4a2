// AI Analyst: incident events, incidents (groups), acknowledge / pin (form only) and comments.
import { fqdnOption } from '../../links.js';
import { defineResource } from '../../resource.js';
import { getComments, listEvents, listGroups, postComment, setFlag } from './routes.js';
import { AiAnalystSlice, type AiAnalystConfig } from './state.js';

export default defineResource({
  name: 'aianalyst',
  configure: (options): AiAnalystConfig => {
    const stored = options.aianalystCommentsStored ?? true;
    if (typeof stored !== 'boolean') throw new RangeError(`aianalystCommentsStored must be true or false, got ${JSON.stringify(stored)}`);
    return { commentsStored: stored, fqdn: fqdnOption(options) };
  },
  state: AiAnalystSlice,
  summary: (self) => ({ aianalystEvents: self.events.size, aianalystGroups: self.groupIds().length }),
  routes: [
    { method: 'GET', path: '/aianalyst/incidentevents', permission: 'Visualizer', handle: listEvents },
    { method: 'GET', path: '/aianalyst/groups', permission: 'Visualizer', handle: listGroups },
    { method: 'POST', path: '/aianalyst/acknowledge', permission: 'Visualizer', handle: setFlag('acknowledged', true) },
    { method: 'POST', path: '/aianalyst/unacknowledge', permission: 'Visualizer', handle: setFlag('acknowledged', false) },
    { method: 'POST', path: '/aianalyst/pin', permission: 'Visualizer', handle: setFlag('pinned', true) },
    { method: 'POST', path: '/aianalyst/unpin', permission: 'Visualizer', handle: setFlag('pinned', false) },
    { method: 'GET', path: '/aianalyst/incident/comments', permission: 'Visualizer', handle: getComments },
    { method: 'POST', path: '/aianalyst/incident/comments', permission: 'Visualizer', handle: postComment },
  ],
});
