// The war-room entry for metric data. Its size depends on the number of series, never on their length:
// per series one summary row, one sparkline of at most 60 bars and its peak, at most 3 gap ranges; breach
// and comparison tables are capped. The full series stays in the context outputs.
import { sparkline, tableToMarkdown } from '../markdown/index.js';
import { msToIso } from '../registry/time.js';
import { toGrid, type Gap } from '../timeseries/index.js';
import type { MetricInfo } from './catalogue.js';
import { timesOf, valuesOf, type MetricComparison, type MetricData, type MetricDataResult } from './transform.js';

export const SPARKLINE_WIDTH = 60;
export const MAX_GAP_RANGES = 3;
export const MAX_SERIES_LINES = 50;
export const MAX_BREACH_ROWS = 20;

const fmt = (n: number) => n.toLocaleString('en-US');
const iso = (ms: number) => msToIso(ms) ?? new Date(ms).toISOString();
const name = (s: { metric: string; label?: string }) => (s.label ? `${s.label} (${s.metric})` : s.metric);
const device = (did: number | undefined) => (did === undefined ? 'network' : `device ${did}`);
const TREND_WORDS = { rising: '↗ rising', falling: '↘ falling', flat: '→ flat' } as const;

function gapText(gaps: readonly Gap[], zeroFilled: boolean): string {
  if (gaps.length === 0) return '';
  const missing = gaps.reduce((n, g) => n + g.buckets, 0);
  const shown = gaps.slice(0, MAX_GAP_RANGES).map((g) => `${iso(g.start)} – ${iso(g.end)} (${fmt(g.buckets)})`);
  const more = gaps.length > MAX_GAP_RANGES ? `, and ${fmt(gaps.length - MAX_GAP_RANGES)} more` : '';
  const what = zeroFilled ? 'filled with 0' : 'no data';
  return `; ${fmt(missing)} missing bucket${missing === 1 ? '' : 's'} (${what}): ${shown.join(', ')}${more}`;
}

function seriesLine(s: MetricData, gaps: readonly Gap[], result: MetricDataResult): string {
  const head = `**${name(s)}, ${device(s.did)}**`;
  if (s.stats.points === 0) return `${head}: no data in the window${gapText(gaps, result.zeroFilled)}`;
  const grid = toGrid(timesOf(s.data), valuesOf(s.data), result.window);
  const line = sparkline(Array.from(grid), SPARKLINE_WIDTH);
  return `${head}: \`${line}\` peak **${fmt(s.stats.peak as number)}** at ${s.stats.peakTime}${gapText(gaps, result.zeroFilled)}`;
}

function summaryTable(result: MetricDataResult): string {
  const rows = result.series.map((s, i) => ({
    Metric: name(s),
    Device: s.did ?? 'network',
    Unit: s.unit,
    Points: s.stats.points,
    Gaps: result.gaps[i].reduce((n, g) => n + g.buckets, 0),
    Sum: s.stats.sum,
    Avg: s.stats.avg,
    Min: s.stats.min,
    Max: s.stats.max,
    'Std dev': s.stats.stddev,
    'Peak time': s.stats.peakTime,
    Trend: s.stats.trend ? TREND_WORDS[s.stats.trend] : undefined,
    'Share %': s.share,
  }));
  const first = result.series[0];
  const metrics = [...new Set(result.series.map((s) => s.metric))];
  const devices = [...new Set(result.series.map((s) => device(s.did)))];
  const title = `Metric data: ${metrics.join(', ')} (${devices.length > 3 ? `${devices.length} devices` : devices.join(', ')})`;
  const metadata = first
    ? `${first.timerange.start} – ${first.timerange.end} in ${first.intervalLabel} buckets. Each bucket holds the appliance's ` +
      'maximum for its interval, so Sum adds up maxima: compare it, do not read it as a total volume.'
    : undefined;
  return tableToMarkdown(title, rows, {
    headers: ['Metric', 'Device', 'Unit', 'Points', 'Gaps', 'Sum', 'Avg', 'Min', 'Max', 'Std dev', 'Peak time', 'Trend', 'Share %'],
    removeNull: true,
    metadata,
  });
}

function breachTable(result: MetricDataResult): string {
  const seen = new Set<string>();
  const rows: Array<Record<string, unknown>> = [];
  for (const s of result.series) {
    for (const b of s.breaches ?? []) {
      const key = `${s.did}:${b.pbid}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push({ Time: b.time, Device: s.did ?? 'network', Model: b.model, Score: b.score, pbid: b.pbid, pid: b.pid });
    }
  }
  if (!result.series.some((s) => s.breaches)) return '';
  rows.sort((a, b) => String(a.Time).localeCompare(String(b.Time)));
  const more = rows.length > MAX_BREACH_ROWS ? `\nand ${fmt(rows.length - MAX_BREACH_ROWS)} more in Darktrace.MetricData.breaches\n` : '';
  return `\n${tableToMarkdown('Model breaches in the window', rows.slice(0, MAX_BREACH_ROWS), {
    headers: ['Time', 'Device', 'Model', 'Score', 'pbid', 'pid'],
    removeNull: true,
  })}${more}`;
}

/** One device comparison (several devices): the ranking, with the top consumer. */
export function metricComparisonReadable(c: MetricComparison): string {
  const rows = c.devices.map((d) => ({
    Rank: d.rank, Device: d.did, Sum: d.sum, 'Share %': d.share, Avg: d.avg, Peak: d.peak, 'Peak time': d.peakTime, Points: d.points,
  }));
  const top = c.topConsumer
    ? `Top consumer: device ${c.topConsumer.did} (${c.topConsumer.share}% of the summed buckets).`
    : 'No device had any activity.';
  return `\n${tableToMarkdown(`Device comparison: ${name(c)}`, rows, {
    headers: ['Rank', 'Device', 'Sum', 'Share %', 'Avg', 'Peak', 'Peak time', 'Points'],
    removeNull: true,
    metadata: top,
  })}`;
}

export function metricDataReadable(result: MetricDataResult): string {
  if (result.series.length === 0) return '### Metric data\n**No entries.**\n';
  let md = summaryTable(result);
  const lines = result.series.slice(0, MAX_SERIES_LINES).map((s, i) => seriesLine(s, result.gaps[i], result));
  md += `\n${lines.join('\n\n')}\n`;
  if (result.series.length > MAX_SERIES_LINES) {
    md += `\nSparklines for the other ${fmt(result.series.length - MAX_SERIES_LINES)} series are left out; every series is in Darktrace.MetricData.\n`;
  }
  md += breachTable(result);
  for (const c of result.comparisons) md += metricComparisonReadable(c);
  return md;
}

/** darktrace-list-metrics: one row per metric; filter types counted, not listed (they are long; all in context). */
export function metricListReadable(metrics: readonly MetricInfo[]): string {
  const rows = metrics.map((m) => ({
    mlid: m.mlid,
    Name: m.name,
    Label: m.label,
    Units: m.units === undefined || m.units === null ? undefined : m.units || 'count',
    Set: m.set === 'C' ? 'C (visual only)' : m.set,
    Filters: m.filtertypes?.length,
  }));
  return tableToMarkdown(`Darktrace metrics (${fmt(metrics.length)})`, rows, { headers: ['mlid', 'Name', 'Label', 'Units', 'Set', 'Filters'], removeNull: true });
}
