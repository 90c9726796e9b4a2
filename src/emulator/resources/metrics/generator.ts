// Deterministic metric series. Each (seed, metric, device, filters) is a stream defined top-down, so the
// maximum over any bucket is exact without visiting every minute:
//   day    D(day): the day's busiest-minute level (weekday/weekend, noise, the odd busy day);
//   hour   H(h) = D × q(h), q ≤ 0.95 except the day's peak hour (q = 1); an hour within 15 minutes of one
//          of the device's breaches bursts (×4–8, its peak minute at the breach); filters (ddid, port…)
//          scale each hour down (×0.1–0.6 each), so a filtered series never exceeds the unfiltered one;
//          a device's occasional outage (1–3 hours on one day in five) silences whole hours;
//   minute v(m) = ⌊H × r(m)⌋, r ≤ 0.9 except the hour's peak minute (r = 1).
// A bucket holds the MAXIMUM minute it covers (the guide: "the maximum value for any interval is
// returned") with that minute's in/out, so size = in + out; a bucket with no minute of data is left out
// (a gap). There is no data before the device was first seen, or after now.
import { hash, mixInt } from '../../prng.js';

const MINUTE = 60_000;
const HOUR_MINUTES = 60;
const DAY_MINUTES = 1440;

export interface SeriesPoint {
  time: string;
  timems: number;
  size: number;
  in: number;
  out: number;
}

/** What shapes a metric's numbers for one device: its typical busiest minute and the outgoing share. */
export interface MetricProfile {
  base: number;
  /** Fraction of `size` that is `out` (≈1 for external connections). */
  outShare: number;
}

const PROFILES: Readonly<Record<string, MetricProfile>> = {
  connections: { base: 40, outShare: 0.7 },
  externalconnections: { base: 12, outShare: 0.97 },
  internalconnections: { base: 25, outShare: 0.6 },
  multicasts: { base: 3, outShare: 1 },
  smbmovesuccess: { base: 0.6, outShare: 0.5 },
  datatransfervolume: { base: 3_000_000, outShare: 0.4 },
  internaldatatransfervolume: { base: 1_000_000, outShare: 0.5 },
  externalclientdatatransfer: { base: 200_000, outShare: 0.8 },
  dnsrequests: { base: 20, outShare: 1 },
  beaconingscore: { base: 8, outShare: 1 },
  httprequests: { base: 15, outShare: 0.9 },
  smbwrite: { base: 2, outShare: 1 },
  smbreadwrite: { base: 3, outShare: 0.5 },
  smbsessions: { base: 2, outShare: 0.5 },
  saaslogins: { base: 1, outShare: 1 },
  dtmodelbreach: { base: 0.6, outShare: 1 },
};

export function profileOf(metric: string): MetricProfile {
  return PROFILES[metric] ?? { base: 5 + (hash('metric-profile', metric) % 46), outShare: 0.6 };
}

/** A network-wide series (no did) is this many devices' worth. */
export const NETWORK_SCALE = 40;

export interface GenerateInput {
  seed: number;
  metric: string;
  /** Absent: the whole network. */
  did?: number;
  /** Filter parameters as sent (ddid, odid, port, protocol…), each narrowing the stream. */
  filters: Readonly<Record<string, string | number>>;
  /** Requested window, epoch ms [start, end); the first bucket is floored to the interval. */
  start: number;
  end: number;
  intervalSeconds: number;
  /** The appliance clock, epoch ms: no data after it. */
  now: number;
  /** When the device was first seen, epoch ms: no data before it. */
  firstSeen?: number;
  /** The device's breach times (ms): bursts of activity. */
  events?: readonly number[];
}

const unit = (key: number, n: number) => mixInt(key, n) / 4294967296;

/** 0.25 at 02:00 … 1 at 14:00 UTC. */
const office = (hourOfDay: number) => 0.25 + 0.75 * (0.5 - 0.5 * Math.cos((2 * Math.PI * (hourOfDay - 2)) / 24));
/** 1970-01-01 was a Thursday; 0 = Sunday. */
const isWeekend = (day: number) => [0, 6].includes((day + 4) % 7);

interface Max {
  value: number;
  minute: number;
}

class Stream {
  private readonly base: number;
  private readonly keys: { day: number; hour: number; minute: number; peak: number; outage: number; split: number };
  private readonly filterKeys: number[];
  private readonly device: boolean;
  /** hour → the breach minute inside it; hours within 15 minutes of a breach burst. */
  private readonly eventMinute = new Map<number, number>();
  private readonly burst = new Set<number>();
  private readonly days = new Map<number, number>();
  private readonly hours = new Map<number, number | null>();

  constructor(readonly input: GenerateInput, readonly profile: MetricProfile) {
    const device = input.did ?? -1;
    const key = (name: string) => hash(input.seed, 'metric', name, input.metric, device);
    this.keys = { day: key('day'), hour: key('hour'), minute: key('minute'), peak: key('peak'), outage: hash(input.seed, 'outage', device), split: key('split') };
    this.filterKeys = Object.entries(input.filters)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => hash(input.seed, 'filter', input.metric, device, k, v));
    this.device = input.did !== undefined;
    this.base = profile.base * (this.device ? 1 : NETWORK_SCALE) * (0.6 + 0.8 * unit(this.keys.day, -1));
    for (const t of input.events ?? []) {
      const m = Math.floor(t / MINUTE);
      const h = Math.floor(m / HOUR_MINUTES);
      if (!this.eventMinute.has(h)) this.eventMinute.set(h, m);
      for (const near of [Math.floor((m - 15) / HOUR_MINUTES), h, Math.floor((m + 15) / HOUR_MINUTES)]) this.burst.add(near);
    }
  }

  /** D(day): the level of the day's peak minute, before bursts and filters. */
  private dayLevel(day: number): number {
    let d = this.days.get(day);
    if (d === undefined) {
      const busy = unit(this.keys.day, 2 * day + 1) < 0.05 ? 2 + 2 * unit(this.keys.day, 2 * day + 2) : 1;
      d = this.base * (isWeekend(day) ? 0.4 : 1) * (0.7 + 0.6 * unit(this.keys.day, 2 * day)) * busy;
      this.days.set(day, d);
    }
    return d;
  }

  private peakHourOf(day: number): number {
    return 9 + (mixInt(this.keys.peak, day) % 9); // 09:00–17:59 UTC
  }

  /** Hours of the day's outage [from, to), or undefined (devices only). */
  private outage(day: number): [number, number] | undefined {
    if (!this.device || unit(this.keys.outage, 3 * day) >= 0.2) return undefined;
    const length = 1 + (mixInt(this.keys.outage, 3 * day + 1) % 3);
    const from = mixInt(this.keys.outage, 3 * day + 2) % (24 - length + 1);
    return [from, from + length];
  }

  /** A day whose maximum is floor(D) at its peak minute: nothing silences, bursts or filters its hours. */
  private regular(day: number): boolean {
    if (this.filterKeys.length || this.outage(day)) return false;
    for (let h = day * 24; h < day * 24 + 24; h++) if (this.burst.has(h)) return false;
    return true;
  }

  /** H(h) after bursts and filters; null when the hour is silent. */
  hourLevel(h: number): number | null {
    const cached = this.hours.get(h);
    if (cached !== undefined) return cached;
    const day = Math.floor(h / 24);
    const hourOfDay = h - day * 24;
    const off = this.outage(day);
    let level: number | null = null;
    if (!off || hourOfDay < off[0] || hourOfDay >= off[1]) {
      const peak = this.peakHourOf(day);
      const q = hourOfDay === peak ? 1 : Math.min(0.95, (office(hourOfDay) / office(peak)) * (0.55 + 0.45 * unit(this.keys.hour, h)));
      level = this.dayLevel(day) * q;
      if (this.burst.has(h)) level *= 4 + 4 * unit(this.keys.hour, -h - 1);
      for (const key of this.filterKeys) level *= 0.1 + 0.5 * unit(key, h);
    }
    this.hours.set(h, level);
    return level;
  }

  peakMinuteOf(h: number): number {
    return this.eventMinute.get(h) ?? h * HOUR_MINUTES + (mixInt(this.keys.peak, -h - 1) % HOUR_MINUTES);
  }

  minuteValue(m: number): number | null {
    const h = Math.floor(m / HOUR_MINUTES);
    const level = this.hourLevel(h);
    if (level === null) return null;
    const r = m === this.peakMinuteOf(h) ? 1 : 0.3 + 0.6 * unit(this.keys.minute, m);
    return Math.floor(level * r);
  }

  /** The largest minute in [lo, hi) (minute numbers), whole days and hours taken at once. */
  rangeMax(lo: number, hi: number): Max | null {
    let best: Max | null = null;
    const offer = (value: number | null, minute: number) => {
      if (value !== null && (best === null || value > best.value)) best = { value, minute };
    };
    const hourMax = (h: number) => {
      const level = this.hourLevel(h);
      if (level !== null) offer(Math.floor(level), this.peakMinuteOf(h));
    };
    let m = lo;
    while (m < hi) {
      if (m % DAY_MINUTES === 0 && m + DAY_MINUTES <= hi) {
        const day = m / DAY_MINUTES;
        if (this.regular(day)) {
          const h = day * 24 + this.peakHourOf(day);
          offer(Math.floor(this.dayLevel(day)), this.peakMinuteOf(h));
        } else {
          for (let h = day * 24; h < day * 24 + 24; h++) hourMax(h);
        }
        m += DAY_MINUTES;
      } else if (m % HOUR_MINUTES === 0 && m + HOUR_MINUTES <= hi) {
        hourMax(m / HOUR_MINUTES);
        m += HOUR_MINUTES;
      } else {
        offer(this.minuteValue(m), m);
        m++;
      }
    }
    return best;
  }

  /** in/out of the bucket's maximum minute. */
  split(size: number, minute: number): { in: number; out: number } {
    const out = Math.min(size, Math.round(size * this.profile.outShare * (0.9 + 0.1 * unit(this.keys.split, minute))));
    return { in: size - out, out };
  }
}

const dtTime = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export function generateSeries(input: GenerateInput): SeriesPoint[] {
  const stepMs = input.intervalSeconds * 1000;
  const stream = new Stream(input, profileOf(input.metric));
  const from = Math.max(0, input.firstSeen ?? 0);
  const to = Math.min(input.end, input.now + 1);
  const points: SeriesPoint[] = [];
  for (let b = Math.floor(input.start / stepMs) * stepMs; b < input.end; b += stepMs) {
    // Minutes whose start lies in the bucket and in [from, to).
    const lo = Math.ceil(Math.max(b, from) / MINUTE);
    const hi = Math.ceil(Math.min(b + stepMs, to) / MINUTE);
    const max = lo < hi ? stream.rangeMax(lo, hi) : null;
    if (max === null) continue; // no minute of this bucket has data: a gap
    points.push({ time: dtTime(b), timems: b, size: max.value, ...stream.split(max.value, max.minute) });
  }
  return points;
}

/** One minute's value (for tests: a bucket must equal the max of its minutes). */
export function minuteValue(input: Omit<GenerateInput, 'start' | 'end' | 'intervalSeconds' | 'now'>, minute: number): number | null {
  return new Stream({ ...input, start: 0, end: 0, intervalSeconds: 60, now: Infinity }, profileOf(input.metric)).minuteValue(minute);
}
