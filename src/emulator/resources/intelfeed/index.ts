// Watched Domains: GET/POST /intelfeed over the seeded watched list.
import { defineResource } from '../../resource.js';
import { getIntel, postIntel } from './routes.js';
import { WatchedListSlice } from './state.js';

export default defineResource({
  name: 'intelfeed',
  state: WatchedListSlice,
  summary: (self) => ({ watchedList: self.liveIntel().length }),
  routes: [
    { method: 'GET', path: '/intelfeed', permission: 'Visualizer', handle: getIntel },
    { method: 'POST', path: '/intelfeed', permission: 'Edit Domains', handle: postIntel },
  ],
});
