// The same suite over two content folders: the shipped 2021 cycle and a fictional 2025-26 cycle
// (test/fixtures/cycle-2025-26), which needs no change under src/. Whatever the content says about who, when and
// what, the check, the answers, the status, the reminders' audience, the report, the views and the console
// follow it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createAnswerEngine } from '../../src/answer/index.js';
import { MODEL_CACHE_DIR } from '../../src/answer/model-cache.js';
import { checkForm } from '../../src/bot/replies/eligibility.js';
import { modulesMessage, scheduleMessage } from '../../src/bot/replies/info.js';
import { statusMessage } from '../../src/bot/replies/status.js';
import { resolveAudience } from '../../src/broadcast/index.js';
import { defaultDay, generateDemo } from '../../src/console/demo.js';
import { checkContent } from '../../src/content/check.js';
import { numberWord } from '../../src/content/facts.js';
import { loadContent } from '../../src/content/load.js';
import { cycleLabel } from '../../src/content/schemas.js';
import { buildCompletionReport } from '../../src/reports/report.js';
import { evaluateStatus, groupFor, groupsInWindowOrder, parseMoment } from '../../src/rules/index.js';
import { renderForm, renderMessage } from '../../src/slack/views/render.js';
import { openStore } from '../../src/store/index.js';
import { formatRange } from '../../src/text/format.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const NEXT_CYCLE = resolve(import.meta.dirname, '../fixtures/cycle-2025-26');
const REPO = resolve(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'cycles-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.each([
  ['the shipped 2021 content', SHIPPED_CONTENT],
  ['the fictional 2025-26 cycle', NEXT_CYCLE],
])('%s', async (_name, dir) => {
  const content = loadContent(dir);
  const zone = content.schedule.cycle.timeZone;
  const day = defaultDay(content);
  const now = parseMoment(day, zone);
  const demo = generateDemo(content);
  const store = await openStore({
    path: join(scratch, `${_name.replace(/\W+/g, '-')}.db`),
    schedule: content.schedule,
  });
  await store.importRoster(demo.roster, { file: 'demo' });
  await store.importCompletions(demo.completions);
  afterAll(async () => await store.close());

  it('passes the content check: no problem, no warning', () => {
    expect(checkContent(dir).issues).toEqual([]);
  });

  it('answers the schedule question from schedule.yml, in window order, and the options from modules.yml', () => {
    const engine = createAnswerEngine({ content, cacheDir: MODEL_CACHE_DIR });
    const schedule = engine.answer('what is the rollout schedule for each training group');
    expect(schedule.faq?.id).toBe('rollout-schedule');
    const answer = schedule.faq?.answer ?? '';
    const order = groupsInWindowOrder(content).map((g) => answer.indexOf(`*${g.name}*`));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const options = engine.answer('can I take more than one of the courses');
    expect(options.faq?.answer).toContain(`all ${numberWord(content.modules.modules.length)} options`);
    expect(modulesMessage(content).text.match(/Course [A-Z] /g)).toHaveLength(content.modules.modules.length);
  });

  it('starts the console inside the first window', () => {
    const first = groupsInWindowOrder(content)[0];
    expect(first && first.window.start <= day && day <= first.window.end).toBe(true);
  });

  it('places every demo person in the group the rules give, and the store agrees', async () => {
    for (const group of content.schedule.groups) {
      const expected = demo.roster
        .filter((r) => groupFor(r.profile, content)?.id === group.id)
        .map((r) => r.profile.email)
        .sort();
      expect(expected.length, group.id).toBeGreaterThan(0);
      expect((await store.listPeople({ group: group.id })).map((p) => p.profile.email)).toEqual(expected);
    }
  });

  it('reminds, per group, exactly the required people who have not completed', async () => {
    for (const group of content.schedule.groups) {
      const audience = await resolveAudience(
        store,
        content,
        { state: 'not_completed', group: group.id },
        now,
      );
      const expected = (await store.listPeople())
        .filter((p) => {
          const s = evaluateStatus(p.profile, content, now);
          return s.required === true && s.completed === null && s.group?.id === group.id;
        })
        .map((p) => p.profile.email);
      expect(audience.recipients.map((r) => r.person.profile.email)).toEqual(expected);
      expect(expected.length, group.id).toBeGreaterThan(0);
    }
  });

  it('reports per group the required, the completed and nobody who is not required', async () => {
    const report = await buildCompletionReport(store, content, now, 'all');
    const required = demo.roster.filter((r) => evaluateStatus(r.profile, content, now).required === true);
    expect(report.totals.required).toBe(required.length);
    expect(report.totals.completed).toBe(demo.completions.length);
    const groups = new Set(report.rows.map((r) => r.groupId));
    for (const g of content.schedule.groups) expect(groups.has(g.id), g.id).toBe(true);
  });

  it('renders the schedule, every demo status and the eligibility check within Block Kit limits', async () => {
    const schedule = renderMessage(scheduleMessage(content, { today: day }));
    expect(JSON.stringify(schedule.blocks)).toContain(`Rollout schedule, ${cycleLabel(content.schedule)}`);
    const text = JSON.stringify(schedule.blocks);
    const positions = groupsInWindowOrder(content).map((g) =>
      text.indexOf(formatRange(g.window.start, g.window.end)),
    );
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(checkBlockKitLimits(schedule, 'message')).toEqual([]);
    for (const person of await store.listPeople()) {
      const view = renderMessage(statusMessage(evaluateStatus(person.profile, content, now), content));
      expect(checkBlockKitLimits(view, 'message'), person.profile.email).toEqual([]);
    }
    expect(checkBlockKitLimits(renderForm(checkForm(content)), 'modal')).toEqual([]);
  });

  it('runs the console on its own content: a demo person, a day in the first window, the schedule', () => {
    const cwd = mkdtempSync(join(scratch, 'console-'));
    const result = spawnSync(
      join(REPO, 'node_modules/.bin/tsx'),
      [join(REPO, 'src/console/main.ts'), '--content', dir],
      {
        cwd,
        input: 'do I need to take it?\n/harassment-training schedule\n/quit\n',
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain(`Today is ${day}.`);
    expect(result.stdout).toContain('Do you need to take it? Yes.');
    // The console prints headings in capitals.
    expect(result.stdout).toContain(`Rollout schedule, ${cycleLabel(content.schedule)}`.toUpperCase());
  }, 90_000);
});
