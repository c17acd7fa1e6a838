import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { reportSubcommand } from '../../src/bot/index.js';
import { reportMessage } from '../../src/bot/replies/report.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { buildCompletionReport, buildCompletionReportInSlices, csvField } from '../../src/reports/report.js';
import { reportScope } from '../../src/rules/index.js';
import { renderMessage } from '../../src/slack/views/render.js';
import { openStore, parseRoster } from '../../src/store/index.js';
import { NOT_ENTITLED_TEXT } from '../../src/text/messages.js';
import {
  ADMIN,
  at,
  CHEMISTRY_ADMIN,
  content,
  demoStore,
  NOBODY,
  PHYSICS_ADMIN,
  tempDb,
} from '../broadcast/support.js';
import { checkRecordedCall } from '../support/block-kit-limits.js';

describe('completion report scoping', async () => {
  const store = await demoStore();
  const now = at('2021-02-22');

  it.each([
    [ADMIN, undefined, 'all'],
    [ADMIN, 'Example Chemistry', ['Example Chemistry']],
    [PHYSICS_ADMIN, undefined, ['Imaginary Physics']],
    [PHYSICS_ADMIN, 'imaginary physics', ['Imaginary Physics']],
    [CHEMISTRY_ADMIN, undefined, ['Example Chemistry']],
  ])('%s asking for %s sees %j', async (email, department, expected) => {
    expect(reportScope(await store.grants(email), department)).toEqual({ ok: true, departments: expected });
  });

  it('a department admin officer cannot see another department; anyone else sees none', async () => {
    const report = reportSubcommand({ content, store, now: () => now });
    const said = async (email: string, args: string) => {
      const viewer = { slackUserId: null, email, profile: null, grants: await store.grants(email) };
      const reply = await report.run(viewer, args);
      return reply.type === 'message' ? reply.message.text : '';
    };
    expect(await said(PHYSICS_ADMIN, 'Example Chemistry')).toBe(
      'You can see the report for "Imaginary Physics", not for "Example Chemistry".',
    );
    expect(reportScope(await store.grants(NOBODY))).toEqual({ ok: false, reason: 'not_entitled' });
    expect(await said(NOBODY, '')).toBe(NOT_ENTITLED_TEXT);
    // What was typed is echoed as text, never as a live mention or link.
    expect(await said(PHYSICS_ADMIN, '<!channel> <http://evil|click>')).toContain(
      '&lt;!channel&gt; &lt;http://evil|click&gt;',
    );
  });

  it('a department admin officer gets only their department, names included, in a message within limits', async () => {
    const report = await buildCompletionReport(store, content, now, ['Imaginary Physics']);
    expect(new Set(report.rows.map((r) => r.department))).toEqual(new Set(['Imaginary Physics']));
    expect(report.rows.map((r) => [r.group, r.required, r.completed, r.outstanding, r.overdue])).toEqual([
      ['Graduate Students (3+ years)', 3, 1, 2, 0],
      ['All Schools (including Faculty)', 4, 3, 1, 1],
    ]);
    expect(report.outstanding.map((p) => p.email).sort()).toEqual([
      'abel.student@example.edu',
      'bram.placeholder@example.edu',
      'nora.student@example.edu',
    ]);
    const message = renderMessage(reportMessage(report));
    expect(checkRecordedCall('chat.postEphemeral', { channel: 'C1', user: 'U1', ...message })).toEqual([]);
    expect(JSON.stringify(message)).toContain('Bram Placeholder');
    expect(JSON.stringify(message)).not.toContain('Cleo');
  });

  it('a department typed as `<!channel> <@U999>` stays text in the fallback text as in the blocks', async () => {
    const report = await buildCompletionReport(store, content, now, ['<!channel> <@U999>']);
    const message = reportMessage(report);
    expect(message.text).toContain('&lt;!channel&gt; &lt;@U999&gt;');
    expect(message.text).not.toContain('<!channel>');
    expect(JSON.stringify(renderMessage(message))).not.toContain('<!channel>');
  });

  it('built in slices (the Slack app, so that nobody waits behind it), the report is the same', async () => {
    for (const scope of ['all', ['Imaginary Physics']] as const) {
      const departments = scope === 'all' ? 'all' : [...scope];
      const whole = await buildCompletionReport(store, content, now, departments);
      expect(await buildCompletionReportInSlices(store, content, now, departments, 3)).toEqual(whole);
    }
  });

  it('an admin sees every department with totals and the rate', async () => {
    const report = await buildCompletionReport(store, content, now, 'all');
    expect(report.totals).toEqual({
      required: 30,
      completed: 16,
      outstanding: 14,
      overdue: 4,
      rate: 16 / 30,
    });
    expect(new Set(report.rows.map((r) => r.department)).size).toBeGreaterThan(3);
  });

  it('cli report --department D --csv FILE writes the same rows as CSV', async () => {
    const db = tempDb();
    (await demoStore(db)).close();
    const out: string[] = [];
    const io: CliIo = {
      out: (t) => out.push(t),
      err: (t) => out.push(t),
      readStdin: async () => '',
      env: {},
      cwd: process.cwd(),
    };
    const csv = join(db, '..', 'report.csv');
    const code = await runCli(
      ['report', '--department', 'Imaginary Physics', '--csv', csv, '--db', db, '--on', '2021-02-22'],
      io,
    );
    expect(code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(
      [
        'group,department,required,completed,outstanding,overdue,completion_rate',
        'Graduate Students (3+ years),Imaginary Physics,3,1,2,0,0.333',
        'All Schools (including Faculty),Imaginary Physics,4,3,1,1,0.750',
        'All,Imaginary Physics,7,4,3,1,0.571',
        '',
      ].join('\n'),
    );
  });

  it('cli report --csv writes a department named =HYPERLINK(…) as text, not as a formula', async () => {
    const db = tempDb();
    const header =
      'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor,slack_user_id';
    const departments = ['=HYPERLINK(""http://evil.example"",""click"")', '+1', '-2', '@SUM(A1)'];
    const rows = departments.map(
      (d, i) => `csv${i}@example.edu,Csv Person ${i},faculty,yes,,2010-01-01,,,,school,,"${d}",no,`,
    );
    const { records, issues } = parseRoster(`${header}\n${rows.join('\n')}\n`, 'csv.csv', content);
    expect(issues).toEqual([]);
    const store = await openStore({ path: db, schedule: content.schedule });
    await store.importRoster(records, { file: 'csv.csv' });
    await store.close();
    const csv = join(db, '..', 'injection.csv');
    const io: CliIo = {
      out: () => {},
      err: () => {},
      readStdin: async () => '',
      env: {},
      cwd: process.cwd(),
    };
    expect(await runCli(['report', '--csv', csv, '--db', db, '--on', '2021-02-22'], io)).toBe(0);
    const cells = readFileSync(csv, 'utf8')
      .split('\n')
      .slice(1, -2)
      .map((line) => line.slice(line.indexOf(',') + 1));
    expect(cells.sort()).toEqual(
      [
        `"'=HYPERLINK(""http://evil.example"",""click"")",1,0,1,1,0.000`,
        "'+1,1,0,1,1,0.000",
        "'-2,1,0,1,1,0.000",
        "'@SUM(A1),1,0,1,1,0.000",
      ].sort(),
    );
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['\tx', "'\tx"],
    ['\rx', `"'\rx"`],
    ['plain, with comma', '"plain, with comma"'],
    ['0.500', '0.500'],
  ])('csvField(%j) is %j', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });
});
