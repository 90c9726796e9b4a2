// `./bin/darktrace-soar windows` as a user runs it (SPEC §12); its --json output is a stable interface.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/darktrace-soar');
const DEC_26 = Date.UTC(2017, 11, 26, 12, 0);
const MINUTE = 60_000;
const DAY = 86_400_000;

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('darktrace-soar windows', () => {
  it('--json prints the windows as [startMs, endMs] pairs and the selected period ids', async () => {
    const { code, stdout, stderr } = await run(['windows', '30 minute window every 24 hours from 7 days ago including holidays:us excluding weekends', '--now', String(DEC_26), '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const christmas = Date.UTC(2017, 11, 25, 12);
    const id = christmas / (15 * MINUTE);
    expect(stdout).toBe(`${JSON.stringify({ windows: [[christmas, christmas + 30 * MINUTE]], periods: [id, id + 1, id + 2] })}\n`);
  });

  it('--period and --timezone change the periods and the day tests', async () => {
    // Wed 2017-03-15 00:15 New York, just after DST began: 6 weekday windows in New York, 5 in UTC.
    const now = Date.UTC(2017, 2, 15, 4, 15);
    const selector = '30 minute window every 24 hours from 7 days ago excluding weekends';
    const ny = JSON.parse((await run(['windows', selector, '--now', String(now), '--timezone', 'America/New_York', '--period', '1h', '--json'])).stdout);
    const utc = JSON.parse((await run(['windows', selector, '--now', String(now), '--json'])).stdout);
    expect(ny.windows).toHaveLength(6);
    expect(utc.windows).toHaveLength(5);
    // 30-minute windows at :15 hold no hour boundary; at 15 minutes each holds its :15, :30 and :45 periods
    expect(ny.periods).toEqual([]);
    expect(utc.windows[0]).toEqual([now - 7 * DAY, now - 7 * DAY + 30 * MINUTE]);
    expect(utc.periods).toEqual(utc.windows.flatMap(([start]: number[]) => [0, 1, 2].map((k) => start / (15 * MINUTE) + k)));
  });

  it('prints a readable list without --json', async () => {
    const { code, stdout } = await run(['windows', '30 minute window every 24 hours from 3 days ago excluding mondays', '--now', String(DEC_26)]);
    expect(code).toBe(0);
    expect(stdout).toBe([
      'Selector: 30 minute window every 24 hours from 3 days ago excluding mondays',
      'Now: 2017-12-26T12:00:00.000Z (1514289600000), time zone UTC, periods of 900000 ms',
      '2 windows:',
      '  2017-12-23T12:00:00.000Z – 2017-12-23T12:30:00.000Z  Sat 2017-12-23  [1514030400000, 1514032200000]',
      '  2017-12-24T12:00:00.000Z – 2017-12-24T12:30:00.000Z  Sun 2017-12-24  [1514116800000, 1514118600000]',
      '6 periods: 1682256–1682258, 1682352–1682354',
      '',
    ].join('\n'));
  });

  it('a bad selector exits 1 with {"error": …} naming the position and what was expected', async () => {
    const json = await run(['windows', 'from 30', '--json']);
    expect(json.code).toBe(1);
    expect(json.stdout).toBe(`${JSON.stringify({ error: 'at 1:8: expected a time unit after "30" (second, minute, hour or day)' })}\n`);
    const text = await run(['windows', '1 hour window every 24 hours from 14 days ago excluding wekdays']);
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(text.stderr).toBe('at 1:57: expected a day specifier after "excluding", found "wekdays" (monday … sunday, weekday, weekend, holiday, date or this day of the week); did you mean "weekdays"?\n');
  });

  it('bad options are errors naming the option, in JSON too', async () => {
    const cases: Array<[string[], string]> = [
      [['windows', '1 hour', '--timezone', 'Mars/Base', '--json'], '--timezone: unknown time zone "Mars/Base". Use an IANA name such as "UTC", "Europe/London" or "America/New_York".'],
      [['windows', '1 hour', '--period', '15', '--json'], '--period must be a whole number with a unit ms, s, m, h or d, e.g. 15m (got "15")'],
      [['windows', '1 hour', '--now', 'yesterday', '--json'], '--now must be epoch milliseconds, e.g. 1514289600000 (got "yesterday")'],
      [['windows', '--json'], 'windows takes one selector in quotes, e.g. windows "1 hour window every 24 hours from 14 days ago" (got 0 arguments)'],
      [['windows', '  ', '--json'], 'the selector is empty; e.g. "1 hour window every 24 hours from 14 days ago"'],
    ];
    for (const [args, error] of cases) {
      const { code, stdout } = await run(args);
      expect(code).toBe(1);
      expect(JSON.parse(stdout)).toEqual({ error });
    }
    const unknownFlag = await run(['windows', '1 hour', '--zone', 'UTC']);
    expect(unknownFlag.code).toBe(1);
    expect(unknownFlag.stderr).toContain("Unknown option '--zone'");
  });

  it('is listed in the CLI usage', async () => {
    const { stdout } = await run(['--help']);
    expect(stdout).toContain('windows  "<selector>" [--now MS] [--timezone ZONE] [--period 15m] [--json]');
  });
});
