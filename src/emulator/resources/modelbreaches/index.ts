// Model breaches: /modelbreaches, /modelbreaches/{pbid} and (un)acknowledge, over the compact breach store.
import { fqdnOption } from '../../links.js';
import { defineResource } from '../../resource.js';
import { getBreach, getComments, listBreaches, listMbComments, postComment, setAcknowledged } from './routes.js';
import { ModelBreachesSlice, type ModelBreachesConfig, type NewBreach } from './state.js';

export default defineResource({
  name: 'modelbreaches',
  configure: (options): ModelBreachesConfig => ({ count: options.breaches ?? 200, shuffle: options.shuffleBreaches ?? false, fqdn: fqdnOption(options) }),
  state: ModelBreachesSlice,
  summary: (self) => ({ breaches: self.count }),
  routes: [
    { method: 'GET', path: '/modelbreaches', permission: 'Visualizer', handle: listBreaches },
    { method: 'GET', path: '/modelbreaches/:pbid', permission: 'Visualizer', handle: getBreach },
    { method: 'POST', path: '/modelbreaches/:pbid/acknowledge', permission: 'Acknowledge Model Alerts', handle: setAcknowledged('acknowledge') },
    { method: 'POST', path: '/modelbreaches/:pbid/unacknowledge', permission: 'Acknowledge Model Alerts', handle: setAcknowledged('unacknowledge') },
    { method: 'GET', path: '/modelbreaches/:pbid/comments', permission: 'Visualizer', handle: getComments },
    { method: 'POST', path: '/modelbreaches/:pbid/comments', permission: 'Visualizer', handle: postComment },
    { method: 'GET', path: '/mbcomments', permission: 'Visualizer', handle: listMbComments },
  ],
  control: [
    {
      method: 'POST', path: '/breaches', description: 'add a breach: {time?, creationTime?, score?, model?, did?, acknowledged?, pbid?}',
      handle: (body, { self }) => self.addBreach(body as NewBreach),
    },
  ],
});
