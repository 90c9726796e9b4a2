// /aianalyst/incidentevents, /aianalyst/groups, acknowledge / unacknowledge / pin / unpin (form only) and
// /aianalyst/incident/comments (GET; POST JSON only). Reference §6 and §2.2.9.
import { uiLink } from '../../links.js';
import { InputError, listOf, type Exchange, type Params } from '../../http.js';
import type { Scope } from '../../resource.js';
import type { JsonObject } from '../../types.js';
import { WEEK } from './generate.js';
import { scoreOf, type AiAnalystConfig, type AiAnalystSlice } from './state.js';

type AiaScope = Scope<AiAnalystSlice, AiAnalystConfig>;

const LOCALES = ['en_GB', 'de_DE', 'en_US', 'es_ES', 'es_419', 'fr_FR', 'it_IT', 'ja_JP', 'ko_KR', 'pt_BR', 'zh_Hans', 'zh_Hant'];
const SUCCESS = { aianalyst: 'SUCCESS' };

const ids = (text: string | undefined): string[] | undefined =>
  text === undefined ? undefined : text.split(',').map((s) => s.trim()).filter(Boolean);

/** Only endtime → a week before it; only starttime → up to now; neither → the last 7 days. */
function window(params: Params, now: number): [number, number] {
  const start = params.int('starttime');
  const end = params.int('endtime');
  const to = end ?? now;
  const from = start ?? to - WEEK;
  if (from > to) throw new InputError('Invalid value for starttime: after endtime');
  return [from, to];
}

function score(params: Params, name: string): number | undefined {
  const value = params.num(name);
  if (value !== undefined && (value < 0 || value > 100)) throw new InputError(`Invalid value for ${name}: expected 0-100`);
  return value;
}

interface Common {
  from: number; to: number; includeAcknowledged: boolean; includeAllPinned: boolean; onlyPinned: boolean;
  categories: string[]; did?: number; excludeDid?: number; sid?: number; excludeSid?: number; saasOnly: boolean;
  uuid?: string[]; groupid?: string[];
}

/** The parameters both endpoints share, every one parsed strictly even when uuid/groupid make it moot. */
function common(params: Params, now: number, categoryNames: readonly [string, string, string]): Common {
  const [from, to] = window(params, now);
  const locale = params.str('locale');
  if (locale !== undefined && !LOCALES.includes(locale)) throw new InputError(`Invalid value for locale: expected ${listOf(LOCALES)}`);
  const categories = (['compliance', 'suspicious', 'critical'] as const).filter((_, i) => params.bool(categoryNames[i], false));
  params.bool('master', false);
  return {
    from, to, categories,
    includeAcknowledged: params.bool('includeacknowledged', false),
    includeAllPinned: params.bool('includeallpinned', true),
    onlyPinned: params.bool('includeonlypinned', false),
    did: params.int('did'), excludeDid: params.int('excludedid'), sid: params.int('sid'), excludeSid: params.int('excludesid'),
    saasOnly: params.bool('saasonly', false),
    uuid: ids(params.str('uuid')), groupid: ids(params.str('groupid')),
  };
}

const devicesOf = (e: JsonObject) => (e.breachDevices as JsonObject[] | undefined) ?? [];

function passes(c: Common, item: { acknowledged: boolean; pinned: boolean; created: number[]; category: string; dids: number[]; sids: number[] }): boolean {
  if (c.onlyPinned && !item.pinned) return false;
  if (!c.includeAcknowledged && item.acknowledged) return false;
  const inWindow = item.created.some((t) => t >= c.from && t <= c.to);
  if (!inWindow && !(c.includeAllPinned && item.pinned)) return false;
  if (c.categories.length > 0 && !c.categories.includes(item.category)) return false;
  if (c.did !== undefined && !item.dids.includes(c.did)) return false;
  if (c.excludeDid !== undefined && item.dids.includes(c.excludeDid)) return false;
  if (c.sid !== undefined && !item.sids.includes(c.sid)) return false;
  if (c.excludeSid !== undefined && item.sids.includes(c.excludeSid)) return false;
  if (c.saasOnly && !item.sids.includes(-9)) return false;
  return true;
}

export function listEvents(x: Exchange, { self, env, config }: AiaScope) {
  const { params } = x;
  const c = common(params, env.now(), ['groupcompliance', 'groupsuspicious', 'groupcritical']);
  const [minScore, maxScore, minGroup, maxGroup] = ['minscore', 'maxscore', 'mingroupscore', 'maxgroupscore'].map((n) => score(params, n));
  const withUrl = params.bool('includeincidenteventurl', false);
  const all = [...self.events.values()];
  let chosen: JsonObject[];
  if (c.uuid) chosen = all.filter((e) => c.uuid!.includes(e.id as string)); // uuid overrides every filter
  else if (c.groupid) chosen = all.filter((e) => c.groupid!.includes(e.currentGroup as string)); // groupid all others
  else {
    chosen = all.filter((e) => {
      const aia = scoreOf(e.aiaScore);
      const group = scoreOf(e.groupScore);
      if ((minScore !== undefined && aia < minScore) || (maxScore !== undefined && aia > maxScore)) return false;
      if ((minGroup !== undefined && group < minGroup) || (maxGroup !== undefined && group > maxGroup)) return false;
      return passes(c, {
        acknowledged: e.acknowledged === true, pinned: e.pinned === true, created: [e.createdAt as number], category: e.groupCategory as string,
        dids: devicesOf(e).map((d) => d.did as number), sids: devicesOf(e).map((d) => d.sid as number),
      });
    });
  }
  chosen.sort((a, b) => (b.createdAt as number) - (a.createdAt as number));
  // `responsedata` is not documented for this endpoint (reference §2.2.9): not honoured, the events come whole.
  x.json(200, chosen.map((e) => {
    const view = structuredClone(e);
    if (withUrl && config.fqdn !== null) view.incidentEventUrl ??= uiLink(config.fqdn, 'aiaincidentevent', e.id as string);
    else delete view.incidentEventUrl;
    return view;
  }));
}

export function listGroups(x: Exchange, { self, env, config }: AiaScope) {
  const { params } = x;
  const c = common(params, env.now(), ['compliance', 'suspicious', 'critical']);
  const [minScore, maxScore] = ['minscore', 'maxscore'].map((n) => score(params, n));
  const withUrl = params.bool('includegroupurl', false);
  let groups = self.groupIds().map((id) => self.group(id)!);
  if (c.groupid) groups = groups.filter((g) => c.groupid!.includes(g.id as string)); // groupid overrides every filter
  else if (c.uuid) groups = groups.filter((g) => ((g.incidentEvents as JsonObject[]) ?? []).some((e) => c.uuid!.includes(e.uuid as string)));
  else {
    groups = groups.filter((g) => {
      const events = self.eventsOf(g.id as string);
      const s = scoreOf(g.groupScore);
      if ((minScore !== undefined && s < minScore) || (maxScore !== undefined && s > maxScore)) return false;
      return passes(c, {
        acknowledged: g.acknowledged === true, pinned: g.pinned === true, category: g.category as string,
        created: events.length > 0 ? events.map((e) => e.createdAt as number) : [g.start as number],
        dids: (g.devices as number[]) ?? [], sids: events.flatMap((e) => devicesOf(e).map((d) => d.sid as number)),
      });
    });
  }
  groups.sort((a, b) => (b.start as number) - (a.start as number));
  // Nor for /aianalyst/groups: the groups come whole.
  x.json(200, groups.map((g) => {
    if (withUrl && config.fqdn !== null) g.groupUrl ??= uiLink(config.fqdn, 'aiagroup', g.id as string);
    else delete g.groupUrl;
    return g;
  }));
}

/** POST acknowledge / unacknowledge / pin / unpin: form `uuid=<id>[,<id>…]` only ("JSON is not supported"). */
export const setFlag = (flag: 'acknowledged' | 'pinned', value: boolean) => (x: Exchange, { self }: AiaScope) => {
  if ((x.req.get('content-type') ?? '').toLowerCase().startsWith('application/json')) throw new InputError('JSON is not supported: send a form body uuid=<id>');
  const uuids = ids(x.body({ json: false, form: true }).get('uuid') as string | undefined);
  if (!uuids || uuids.length === 0) throw new InputError('Missing required parameter: uuid');
  const unknown = uuids.filter((u) => !self.events.has(u));
  if (unknown.length > 0) throw new InputError(`Unknown incident event uuid ${unknown.join(', ')}`);
  self.set(uuids, flag, value);
  x.json(200, SUCCESS);
};

export function getComments(x: Exchange, { self }: AiaScope) {
  const uuid = x.params.required('incident_id');
  if (!self.events.has(uuid)) throw new InputError(`Unknown incident_id ${uuid}`);
  x.ok({ comments: structuredClone(self.comments.get(uuid) ?? []) });
}

/** POST JSON `{incident_id, message}` (6.0.2+); form bodies are refused (the guide documents JSON only). */
export function postComment(x: Exchange, { self }: AiaScope) {
  if (!(x.req.get('content-type') ?? '').toLowerCase().startsWith('application/json')) throw new InputError('Expected a JSON body {"incident_id": …, "message": …}');
  const body = x.body({ json: true, form: false });
  const uuid = body.get('incident_id');
  const message = body.get('message');
  if (typeof uuid !== 'string' || uuid === '') throw new InputError('Missing required parameter: incident_id');
  if (typeof message !== 'string' || message.trim() === '') throw new InputError('Missing required parameter: message');
  if (!self.events.has(uuid)) throw new InputError(`Unknown incident_id ${uuid}`);
  self.addComment(uuid, message);
  x.json(200, SUCCESS);
}
