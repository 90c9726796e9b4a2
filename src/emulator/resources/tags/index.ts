// Tags: GET/POST/DELETE /tags/entities over the seeded tags and tag entities.
import { defineResource } from '../../resource.js';
import { deleteTag, getTags, postTag } from './routes.js';
import { TagsSlice, type TagsConfig } from './state.js';
import type { TagPostResponse } from './types.js';

const POST_RESPONSES: readonly TagPostResponse[] = ['tid', 'success'];

export default defineResource({
  name: 'tags',
  configure: (options): TagsConfig => {
    const postResponse = options.tagPostResponse ?? 'tid';
    if (!POST_RESPONSES.includes(postResponse)) {
      throw new RangeError(`tagPostResponse must be 'tid' or 'success', got ${JSON.stringify(postResponse)}`);
    }
    return { postResponse };
  },
  state: TagsSlice,
  summary: (self) => ({ tags: self.tags.size, tagEntities: self.liveEntities().length }),
  routes: [
    { method: 'GET', path: '/tags/entities', permission: 'Visualizer', handle: getTags },
    { method: 'POST', path: '/tags/entities', permission: 'Edit Tags', handle: postTag },
    { method: 'DELETE', path: '/tags/entities', permission: 'Edit Tags', handle: deleteTag },
  ],
});
