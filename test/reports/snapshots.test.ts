// Progress over time, as an admin would check it: after an import the day's counts match the completion
// report, missed days are rebuilt from the completion dates, the table holds counts and nothing personal,
// the daily job takes one snapshot a day, and the trend and the chart come from the snapshots.

import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import { createCompletionsCommand } from '../../src/cli/completions.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { chartPixelSize, renderCompletionChart } from '../../src/reports/chart.js';
import { completionChart, MAX_CHART_SERIES } from '../../src/reports/chart-data.js';
import { buildCompletionReport } from '../../src/reports/report.js';
import {
  recordSnapshot,
  startDailySnapshots,
  takeDailySnapshot,
  totalsByDay,
  trendText,
  weeklyTrend,
} from '../../src/reports/snapshots.js';
import { evaluateStatus } from '../../src/rules/index.js';
import { openStore } from '../../src/store/index.js';
import { at, content, demoStore, EXAMPLES, tempDb } from '../broadcast/support.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { ENGINES, freshLocation, outsideQuery } from '../support/engines.js';

const CYCLE = content.schedule.cycle.name;

describe.each(ENGINES)('snapshots after an import on %s', (engine) => {
  const fresh = async () => await demoStore(await freshLocation(engine));

  it('records the counts per group and department that the report shows, for the demo data', async () => {
    const store = await fresh();
    const now = at('2021-02-10');
    const taken = await recordSnapshot(store, content, now, 'import');
    expect(taken.day).toBe('2021-02-10');
    const report = await buildCompletionReport(store, content, now, 'all');
    const [today] = (await store.snapshots.daily(CYCLE)).filter((s) => s.day === '2021-02-10');
    expect(today?.reason).toBe('import');
    expect(
      today?.counts.map((c) => [c.groupId ?? 'none', c.department, c.required, c.completed, c.overdue]),
    ).toEqual(
      expect.arrayContaining(
        report.rows.map((r) => [r.groupId ?? 'none', r.department, r.required, r.completed, r.overdue]),
      ),
    );
    expect(today?.counts).toHaveLength(report.rows.length);
    // The demo's figures as the report prints them: 30 required, 16 done, no one overdue yet on 10 February.
    expect(totalsByDay([today!])[0]).toMatchObject({ required: 30, completed: 16, overdue: 0 });
    const allSchools = today?.counts.filter((c) => c.groupId === 'all-schools');
    expect(allSchools?.map((c) => [c.department, c.required, c.completed])).toEqual([
      ['Example Chemistry', 4, 2],
      ['Fictional Linguistics', 5, 4],
      ['Imaginary Physics', 4, 3],
    ]);
    await store.close();
  });

  it('rebuilds each day from the first window up to yesterday from the completion dates', async () => {
    const store = await fresh();
    const taken = await recordSnapshot(store, content, at('2021-02-10'), 'import');
    // 13 January (All Schools opens) to 9 February.
    expect(taken.reconstructed).toBe(28);
    const days = await store.snapshots.daily(CYCLE);
    expect(days.map((d) => d.day)).toEqual([
      ...Array.from({ length: 28 }, (_, i) => new Date(Date.UTC(2021, 0, 13 + i)).toISOString().slice(0, 10)),
      '2021-02-10',
    ]);
    expect(days.slice(0, -1).every((d) => d.reason === 'reconstructed')).toBe(true);
    // On a rebuilt day, done means a required person's completion dated on or before it.
    const completedBy = async (day: string) =>
      (await store.listPeople()).filter((p) => {
        const status = evaluateStatus(p.profile, content, at('2021-02-10'));
        return status.required === true && status.completed !== null && status.completed.on <= day;
      }).length;
    const total = (day: string) => totalsByDay(days.filter((d) => d.day === day))[0]?.completed;
    expect(total('2021-01-13')).toBe(await completedBy('2021-01-13'));
    expect(total('2021-02-03')).toBe(await completedBy('2021-02-03'));
    expect(total('2021-02-03')).toBeGreaterThan(0);
    expect(total('2021-02-03')).toBeLessThan(16);
    // A later import fills only the days since the last snapshot.
    const later = await recordSnapshot(store, content, at('2021-02-14'), 'import');
    expect(later.reconstructed).toBe(3);
    await store.close();
  });

  it('marks people overdue on rebuilt days after their deadline', async () => {
    const store = await fresh();
    await recordSnapshot(store, content, at('2021-02-25'), 'import');
    const daily = await store.snapshots.daily(CYCLE);
    const day = (d: string) => totalsByDay(daily.filter((s) => s.day === d))[0];
    // All Schools' deadline is 17 February: nobody is overdue on it, those not done are the day after.
    expect(day('2021-02-17')?.overdue).toBe(0);
    expect(day('2021-02-18')?.overdue).toBeGreaterThan(0);
    await store.close();
  });

  it('keeps counts only: no name, email or person id is in the snapshot tables', async () => {
    const path = await freshLocation(engine);
    const store = await demoStore(path);
    await recordSnapshot(store, content, at('2021-02-10'), 'import');
    const people = await store.listPeople({ active: 'any' });
    await store.close();
    const columns = async (table: string) =>
      (
        await outsideQuery<{ name: string }>(
          path,
          engine === 'sqlite'
            ? `SELECT name FROM pragma_table_info('${table}')`
            : `SELECT column_name AS name FROM information_schema.columns WHERE table_name = '${table}' AND table_schema = current_schema() ORDER BY ordinal_position`,
        )
      ).map((c) => c.name);
    expect(await columns('snapshots')).toEqual(['id', 'cycle', 'day', 'taken_at', 'reason']);
    expect(await columns('snapshot_counts')).toEqual([
      'snapshot_id',
      'group_id',
      'department',
      'required',
      'completed',
      'overdue',
    ]);
    const everything = JSON.stringify([
      await outsideQuery(path, 'SELECT * FROM snapshots'),
      await outsideQuery(path, 'SELECT * FROM snapshot_counts'),
    ]).toLowerCase();
    expect(everything).toContain('example chemistry');
    for (const p of people) {
      expect(everything).not.toContain(p.profile.email.toLowerCase());
      if (p.profile.name) expect(everything).not.toContain(p.profile.name.toLowerCase());
      if (p.slackUserId) expect(everything).not.toContain(p.slackUserId.toLowerCase());
    }
  });
});

describe('the daily job', () => {
  it('takes one snapshot a day, hourly checks after the first doing nothing', async () => {
    const store = await demoStore();
    let now = at('2021-02-10');
    const taken: string[] = [];
    let tick: () => void = () => undefined;
    const timers = {
      setInterval: vi.fn((step: () => void) => {
        tick = step;
        return 1 as unknown as NodeJS.Timeout;
      }),
      clearInterval: vi.fn(),
    };
    const job = startDailySnapshots({
      take: async () => await takeDailySnapshot(store, content, now),
      onTaken: (s) => taken.push(s.day),
      timers: timers as never,
    });
    tick();
    tick();
    now = at('2021-02-11T00:30');
    tick();
    tick();
    await vi.waitFor(() => expect(taken).toEqual(['2021-02-10', '2021-02-11']));
    expect((await store.snapshots.daily(CYCLE)).at(-1)).toMatchObject({ day: '2021-02-11', reason: 'daily' });
    job.stop();
    expect(timers.clearInterval).toHaveBeenCalledOnce();
    await store.close();
  });

  it('reports a failure and keeps going', async () => {
    const errors: unknown[] = [];
    const job = startDailySnapshots({
      take: () => {
        throw new Error('disk full');
      },
      onError: (e) => errors.push(e),
    });
    job.stop();
    await new Promise((resolve) => setImmediate(resolve));
    expect(String(errors[0])).toContain('disk full');
  });
});

describe('the trend', () => {
  it('compares the latest snapshot with the last one a week or more before it', async () => {
    const store = await demoStore();
    await recordSnapshot(store, content, at('2021-02-10'), 'import');
    const days = await store.snapshots.daily(CYCLE);
    const rate = (day: string) => totalsByDay(days.filter((s) => s.day === day))[0]?.rate ?? 0;
    const trend = weeklyTrend(days);
    expect(trend?.since).toBe('2021-02-03');
    expect(trend?.points).toBeCloseTo(Math.round((rate('2021-02-10') - rate('2021-02-03')) * 1000) / 10, 5);
    // Less than a week of history: no trend yet.
    expect(weeklyTrend(days.filter((d) => d.day <= '2021-01-18'))).toBeNull();
    await store.close();
  });

  it.each([
    [{ points: 4.2, since: '2021-02-03', rateThen: 0.3 }, '+4.2 points since last week'],
    [{ points: -1.5, since: '2021-02-03', rateThen: 0.3 }, '-1.5 points since last week'],
    [{ points: 0, since: '2021-02-03', rateThen: 0.3 }, 'no change since last week'],
  ])('%j reads "%s"', (trend, expected) => {
    expect(trendText(trend)).toBe(expected);
  });
});

describe('the chart from the snapshots', () => {
  it('draws one line per group over its window for an admin, rendered to a real PNG', async () => {
    const store = await demoStore();
    await recordSnapshot(store, content, at('2021-05-27'), 'import');
    const chart = completionChart({
      content,
      snapshots: await store.snapshots.daily(CYCLE, { until: '2021-05-27' }),
      scope: 'all',
      today: '2021-05-27',
    });
    expect(chart?.input.series.map((s) => s.label)).toEqual(content.schedule.groups.map((g) => g.name));
    const grad = chart?.input.points.filter((p) => p.series === 'Graduate Students (3+ years)') ?? [];
    expect(grad[0]?.day).toBe('2021-04-05');
    expect(grad.at(-1)?.day).toBe('2021-05-21'); // two weeks after its deadline
    expect(chart?.filename).toBe('completion-2021-05-27-all.png');

    const png = await renderCompletionChart(chart!.input);
    const image = PNG.sync.read(png);
    expect({ width: image.width, height: image.height }).toEqual(chartPixelSize(chart!.input));
    expect({ width: image.width, height: image.height }).toEqual({ width: 1600, height: 920 });
    const colours = new Set<number>();
    for (let i = 0; i < image.data.length; i += 4 * 97) colours.add(image.data.readUInt32BE(i));
    expect(colours.size).toBeGreaterThan(10);
    await store.close();
  });

  it('draws a department admin officer their departments, per group', async () => {
    const store = await demoStore();
    await recordSnapshot(store, content, at('2021-05-27'), 'import');
    const chart = completionChart({
      content,
      snapshots: await store.snapshots.daily(CYCLE, { departments: ['Imaginary Physics'] }),
      scope: ['Imaginary Physics'],
      today: '2021-05-27',
    });
    expect(chart?.input.title).toBe('Training completion by department');
    expect(chart?.input.series.map((s) => s.label)).toEqual([
      'Imaginary Physics: Graduate Students (3+ years)',
      'Imaginary Physics: All Schools (including Faculty)',
    ]);
    expect(chart?.input.subtitle).toBe('Imaginary Physics · as of 2021-05-27');
    await store.close();
  });

  it(`falls back to one line per group past ${MAX_CHART_SERIES} lines, and to nothing without a snapshot`, async () => {
    const store = await demoStore();
    expect(completionChart({ content, snapshots: [], scope: 'all', today: '2021-05-27' })).toBeNull();
    await recordSnapshot(store, content, at('2021-05-27'), 'import');
    const departments = await store.departments();
    const snapshots = (await store.snapshots.daily(CYCLE)).map((s) => ({
      ...s,
      // Nine departments' worth of lines: each count copied under made-up department names.
      counts: s.counts.flatMap((c) => [0, 1, 2].map((n) => ({ ...c, department: `${c.department} ${n}` }))),
    }));
    const scope = departments.flatMap((d) => [0, 1, 2].map((n) => `${d} ${n}`));
    const chart = completionChart({ content, snapshots, scope, today: '2021-05-27' });
    expect(chart?.input.title).toBe('Training completion by group');
    expect(chart?.input.series.length).toBeLessThanOrEqual(content.schedule.groups.length);
    await store.close();
  });
});

describe('the CLI', () => {
  const io = (out: string[]): CliIo => ({
    out: (t) => out.push(t),
    err: (t) => out.push(`ERR ${t}`),
    readStdin: async () => '',
    env: {},
    cwd: process.cwd(),
  });

  it('records a snapshot after a completions import; report --history prints it; --chart writes the PNG', async () => {
    const db = tempDb();
    const out: string[] = [];
    const seed = await openStore({ path: db, schedule: content.schedule });
    await seed.close();
    expect(
      await runCli(
        ['roster', 'import', join(EXAMPLES, 'roster.csv'), '--db', db, '--content', SHIPPED_CONTENT],
        io(out),
      ),
    ).toBe(0);
    // After the last completion in the demo file (11 June): none of its rows is dated after the import.
    const importCompletions = createCompletionsCommand({ now: () => at('2021-06-30') });
    expect(
      await importCompletions(
        ['import', join(EXAMPLES, 'completions.csv'), '--db', db, '--content', SHIPPED_CONTENT],
        io(out),
      ),
    ).toBe(0);
    expect(out.join('\n')).toContain(
      'Snapshot for 2021-06-30 recorded (counts per group and department; 168 earlier day(s) rebuilt from the completion dates).',
    );

    const history: string[] = [];
    expect(await runCli(['report', '--history', '--db', db, '--on', '2021-02-10'], io(history))).toBe(0);
    expect(history[0]).toContain('Completion over time, all departments');
    expect(history.some((l) => /^2021-01-13\s+30\s+0\s+0%\s+0\s+reconstructed$/.test(l))).toBe(true);
    expect(history.some((l) => l.startsWith('2021-02-10'))).toBe(true);
    expect(history.join('\n')).not.toMatch(/@example\.edu/);

    const png = join(dirname(db), 'chart.png');
    const charted: string[] = [];
    expect(await runCli(['report', '--chart', png, '--db', db, '--on', '2021-05-27'], io(charted))).toBe(0);
    expect(charted[0]).toMatch(/^Wrote the chart \(4 line\(s\), \d+ points, \d+ KB\)/);
    const image = PNG.sync.read(readFileSync(png));
    expect([image.width, image.height]).toEqual([1600, 920]);

    const report: string[] = [];
    expect(await runCli(['report', '--db', db, '--on', '2021-05-27'], io(report))).toBe(0);
    expect(report.at(-1)).toMatch(/^Trend: (no change|[+-]\d+\.\d points) since last week \(/);
  });
});
