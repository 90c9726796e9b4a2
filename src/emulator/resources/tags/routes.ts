// GET/POST/DELETE /tags/entities (reference §2.1 #15, §2.2.7; device_tags.json, tagged_devices.json,
// device_tag_post.json).
import { InputError, type Exchange } from '../../http.js';
import type { Scope } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { DevicesSlice } from '../devices/state.js';
import type { TagsConfig, TagsSlice } from './state.js';
import type { TagEntity } from './types.js';
import { taggedDeviceView } from './views.js';

type TagsScope = Scope<TagsSlice, TagsConfig>;

const entityJson = (e: TagEntity): JsonObject => ({ ...e }) as unknown as JsonObject;

function didOf(value: string | undefined): number {
  if (value === undefined || value === '') throw new InputError('Missing required parameter: did');
  if (!/^\d+$/.test(value)) throw new InputError('Invalid value for did: expected an integer');
  return Number(value);
}

export function getTags(x: Exchange, { self, need }: TagsScope) {
  const { params } = x;
  const did = params.str('did');
  const tag = params.str('tag');
  if ((did === undefined) === (tag === undefined)) throw new InputError('Give either did or tag');
  const full = params.bool('fulldevicedetails', false); // validated on both branches; it only matters with tag
  if (did !== undefined) return x.ok(self.tagsForDevice(didOf(did)));
  const entities = self.entitiesForTag(tag!);
  if (!full) return x.ok(entities.map(entityJson));
  // Entities may name devices that no longer exist (e.g. 999999999): they get no `devices` entry.
  const { devices } = need(DevicesSlice);
  const dids = [...new Set(entities.filter((e) => e.entityType === 'Device').map((e) => Number(e.entityValue)))].sort((a, b) => a - b);
  const views = dids.flatMap((d) => {
    const device = devices.get(d);
    return device ? [taggedDeviceView(device, self.tagsForDevice(d))] : [];
  });
  x.ok({ entities: entities.map(entityJson), devices: views });
}

/**
 * Form only (reference §2.1 #15b): a JSON body is not read, so did/tag are then missing. The tag name is
 * taken verbatim (not trimmed: ' Admin ' is not Admin). The answer is the captured `{tid}` or, with
 * tagPostResponse 'success', the guide's `{response: "SUCCESS"}`.
 */
export function postTag(x: Exchange, { self, config, need }: TagsScope) {
  const form = x.body({ json: false, form: true });
  const did = didOf(form.get('did') as string | undefined);
  const name = form.get('tag') as string | undefined;
  if (!name?.trim()) throw new InputError('Missing required parameter: tag');
  const durationText = form.get('duration') as string | undefined;
  if (durationText !== undefined && !/^\d+$/.test(durationText)) throw new InputError('Invalid value for duration: expected seconds');
  const duration = durationText === undefined ? undefined : Number(durationText);
  if (duration === 0) throw new InputError('Invalid value for duration: must be positive');
  if (!need(DevicesSlice).devices.has(did)) throw new InputError(`No device with did ${did}`);
  const tag = self.tagDevice(did, name, duration);
  x.json(200, config.postResponse === 'success' ? { response: 'SUCCESS' } : { tid: tag.tid });
}

export function deleteTag(x: Exchange, { self }: TagsScope) {
  const did = didOf(x.params.str('did'));
  const name = x.params.str('tag');
  if (!name) throw new InputError('Missing required parameter: tag');
  if (!self.tags.has(name)) throw new InputError(`No tag named ${name}`);
  self.untagDevice(did, name); // not tagged: still SUCCESS (the end state is what was asked for)
  x.json(200, { response: 'SUCCESS' });
}
