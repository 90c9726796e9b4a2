// GET/POST/DELETE /tags/entities (reference §2.1 #15, §2.2.7; device_tags.json, tagged_devices.json,
// device_tag_post.json).
import type { Router } from 'express';
import { InputError, ok, parseBody, route, sendJson } from '../http.js';
import type { EmulatorState } from '../state.js';
import type { JsonObject, TagEntity, TagPostResponse } from '../types.js';
import { taggedDeviceView } from '../views.js';

const entityJson = (e: TagEntity): JsonObject => ({ ...e }) as unknown as JsonObject;

function didOf(value: string | undefined): number {
  if (value === undefined || value === '') throw new InputError('Missing required parameter: did');
  if (!/^\d+$/.test(value)) throw new InputError('Invalid value for did: expected an integer');
  return Number(value);
}

export function tagRoutes(router: Router, state: EmulatorState, options: { postResponse: TagPostResponse }) {
  router.get('/tags/entities', route(state, 'Visualizer', (_req, res, { params }) => {
    const did = params.str('did');
    const tag = params.str('tag');
    if ((did === undefined) === (tag === undefined)) throw new InputError('Give either did or tag');
    const full = params.bool('fulldevicedetails', false); // validated on both branches; it only matters with tag
    if (did !== undefined) return ok(res, state.tagsForDevice(didOf(did)));
    const entities = state.entitiesForTag(tag!);
    if (!full) return ok(res, entities.map(entityJson));
    // Entities may name devices that no longer exist (e.g. 999999999): they get no `devices` entry.
    const dids = [...new Set(entities.filter((e) => e.entityType === 'Device').map((e) => Number(e.entityValue)))].sort((a, b) => a - b);
    const devices = dids.flatMap((d) => {
      const device = state.devices.get(d);
      return device ? [taggedDeviceView(device, state.tagsForDevice(d))] : [];
    });
    ok(res, { entities: entities.map(entityJson), devices });
  }));

  // Form only (reference §2.1 #15b): a JSON body is not read, so did/tag are then missing. The tag name is
  // taken verbatim (not trimmed: ' Admin ' is not Admin). The answer is the captured `{tid}` or, with
  // tagPostResponse 'success', the guide's `{response: "SUCCESS"}`.
  router.post('/tags/entities', route(state, 'Edit Tags', (req, res, ctx) => {
    const form = parseBody(req, ctx.rawBody, { json: false, form: true });
    const did = didOf(form.get('did') as string | undefined);
    const name = form.get('tag') as string | undefined;
    if (!name?.trim()) throw new InputError('Missing required parameter: tag');
    const durationText = form.get('duration') as string | undefined;
    if (durationText !== undefined && !/^\d+$/.test(durationText)) throw new InputError('Invalid value for duration: expected seconds');
    const duration = durationText === undefined ? undefined : Number(durationText);
    if (duration === 0) throw new InputError('Invalid value for duration: must be positive');
    if (!state.devices.has(did)) throw new InputError(`No device with did ${did}`);
    const tag = state.tagDevice(did, name, duration);
    sendJson(res, 200, options.postResponse === 'success' ? { response: 'SUCCESS' } : { tid: tag.tid });
  }));

  router.delete('/tags/entities', route(state, 'Edit Tags', (_req, res, { params }) => {
    const did = didOf(params.str('did'));
    const name = params.str('tag');
    if (!name) throw new InputError('Missing required parameter: tag');
    if (!state.tags.has(name)) throw new InputError(`No tag named ${name}`);
    state.untagDevice(did, name); // not tagged: still SUCCESS (the end state is what was asked for)
    sendJson(res, 200, { response: 'SUCCESS' });
  }));
}
