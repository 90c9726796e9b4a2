// The filters the AI Analyst list commands share (events and incidents): canonical names, the official
// DarktraceAIA pack's spellings as aliases, and their translation into the appliance's query.
import { arg, ArgumentError, msToIso } from '../registry/index.js';
import { parseTimeArg, TIME_ARG_HELP } from '../registry/time.js';

export const LOCALES = ['en_GB', 'de_DE', 'en_US', 'es_ES', 'es_419', 'fr_FR', 'it_IT', 'ja_JP', 'ko_KR', 'pt_BR', 'zh_Hans', 'zh_Hant'] as const;
/** An incident event UUID (case-insensitive). */
export const EVENT_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const timeCheck = (v: string) => (parseTimeArg(v, Date.now()) === undefined ? `expected ${TIME_ARG_HELP} (got ${JSON.stringify(v)})` : undefined);

/** The filters both AI Analyst list commands take. */
export const FILTER_ARGS = {
  start_time: arg.string({ description: `Start of the window: ${TIME_ARG_HELP}. Default: 7 days before end_time.`, aliases: ['startTime'], check: timeCheck }),
  end_time: arg.string({ description: `End of the window (same forms). Default: now.`, aliases: ['endTime'], check: timeCheck }),
  min_group_score: arg.int({ description: 'Only incidents scoring at least this (0-100).', min: 0, max: 100, aliases: ['minGroupScore', 'min_score'] }),
  include_acknowledged: arg.bool({ description: 'Include acknowledged events.', default: false, aliases: ['includeAcknowledged'] }),
  include_all_pinned: arg.bool({ description: 'Also return pinned events outside the window (Darktrace\'s default is true; false keeps polls from repeating them).', default: false, aliases: ['includeAllPinned'] }),
  uuid: arg.string({ description: 'One incident event (overrides every other filter).', aliases: ['eventId', 'event_id'], pattern: EVENT_UUID, patternDescription: 'an incident event UUID' }),
  group_id: arg.string({ description: 'One incident (group) ID, "g" + UUID (overrides every filter but uuid).', aliases: ['groupId'], pattern: /^g[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, patternDescription: 'a group ID: g followed by a UUID' }),
  locale: arg.enum(LOCALES, { description: 'Language of titles and summaries (default en_GB).' }),
};

type Filters = { start_time?: string; end_time?: string; min_group_score?: number; include_acknowledged: boolean; include_all_pinned: boolean; uuid?: string; group_id?: string; locale?: string };

/** The shared query: times resolved against `now`, a window that ends before it starts refused. */
export function filterQuery(args: Filters, now: number) {
  const starttime = args.start_time === undefined ? undefined : parseTimeArg(args.start_time, now);
  const endtime = args.end_time === undefined ? undefined : parseTimeArg(args.end_time, now);
  if (starttime !== undefined && endtime !== undefined && starttime > endtime) {
    throw new ArgumentError([{ path: 'start_time', message: `is after end_time (${msToIso(starttime)} > ${msToIso(endtime)})` }]);
  }
  return {
    starttime, endtime, includeacknowledged: args.include_acknowledged, includeallpinned: args.include_all_pinned,
    uuid: args.uuid, groupid: args.group_id, locale: args.locale,
  };
}

