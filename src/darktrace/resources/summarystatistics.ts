// GET /summarystatistics: appliance-wide counts (28 days in 24 h buckets by default), or one of three
// variants — hourly event counts (`eventtype`), cSensor bandwidth (`csensor`), MITRE tactics (`mitreTactics`).
// Quirks (reference §4): only one of the three may be used; `endtime`/`to` need `eventtype` (7.x silently
// ignores them otherwise); `hours`, though documented, makes 7.x appliances answer 400
// `{"summarystatistics":"INPUT ERROR"}`, so it is never sent.
import * as z from 'zod';
import { defineEndpoint } from './endpoint.js';

export const EVENT_CATEGORIES = ['saas', 'csensor', 'network', 'loginput'] as const;
export const EVENT_KINDS = ['notices', 'devicedetails', 'modelevents'] as const;
/** Every eventtype the guide allows: a category, a type, or category+type (saas+devicedetails is invalid). */
export const EVENT_TYPES: readonly string[] = [
  ...EVENT_CATEGORIES, ...EVENT_KINDS,
  ...EVENT_CATEGORIES.flatMap((c) => EVENT_KINDS.map((k) => `${c}${k}`)).filter((t) => t !== 'saasdevicedetails'),
];

const Point = z.looseObject({ timems: z.number(), time: z.string().nullish() });
export const BandwidthPoint = Point.extend({ kb: z.number() });
export const EventPoint = Point.extend({ events: z.number() });
export const MitreTactic = z.looseObject({
  tactic: z.string(),
  name: z.string().nullish(),
  totalCount: z.number().nullish(),
  scoreCount: z.number().nullish(),
  modelEstimate: z.number().nullish(),
  modelCount: z.number().nullish(),
});

export const SummaryStatistics = z.looseObject({
  usercredentialcount: z.number().nullish(),
  subnets: z.number().nullish(),
  patterns: z.number().nullish(),
  antigenaDevices: z.number().nullish(),
  antigenaActions: z.number().nullish(),
  bandwidth: z.array(BandwidthPoint).nullish(),
  devicecount: z.record(z.string(), z.union([z.number(), z.record(z.string(), z.number())])).nullish(),
  events: z.boolean().nullish(),
  data: z.array(EventPoint).nullish(),
  csensor: z.boolean().nullish(),
  mitreTactics: z.array(MitreTactic).nullish(),
  modelCount: z.number().nullish(),
  startTime: z.number().nullish(),
  totalCount: z.number().nullish(),
});
export type SummaryStatistics = z.infer<typeof SummaryStatistics>;

export const summaryStatistics = defineEndpoint({
  method: 'get',
  path: '/summarystatistics',
  query: ['eventtype', 'csensor', 'mitreTactics', 'endtime', 'to'],
  response: SummaryStatistics,
  send: 'retry',
});
