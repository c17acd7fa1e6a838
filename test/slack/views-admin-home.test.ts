// The admin App Home as Slack gets it, on a large roster: 40 departments stay within the Block Kit limits
// with the whole admin section kept (figures, chart, imports, campaigns, buttons), and the personal Home
// after it; a department admin officer's section shows only their department; anyone else gets none.
import { describe, expect, it } from 'vitest';
import { createAdminDesk, createBot, type Viewer, withAdminHome } from '../../src/bot/index.js';
import {
  ADMIN_HOME_HEADING,
  DOWNLOAD_CSV_BUTTON,
  SEND_REMINDER_BUTTON,
} from '../../src/bot/replies/admin-home.js';
import { privacyNotice } from '../../src/privacy/notice.js';
import { recordSnapshot } from '../../src/reports/snapshots.js';
import { ACTION } from '../../src/slack/views/ids.js';
import { LIMITS } from '../../src/slack/views/limits.js';
import { renderHome } from '../../src/slack/views/render.js';
import { type Grant, openStore, parseCompletions, parseRoster } from '../../src/store/index.js';
import { syntheticCompletions, syntheticRoster } from '../../src/store/synthetic.js';
import { checkBlockKitLimits } from '../support/block-kit-limits.js';
import { at, content, engine, readable } from './views-support.js';

const PEOPLE = 2_000;
const DEPARTMENTS = 40;
const now = at('2021-03-01');

async function bigStore() {
  const store = await openStore({ path: ':memory:', schedule: content.schedule, now: () => now });
  const roster = parseRoster(
    Buffer.from(syntheticRoster(PEOPLE, content, { departments: DEPARTMENTS })),
    'roster.csv',
    content,
  );
  const completions = parseCompletions(Buffer.from(syntheticCompletions(1_200, PEOPLE)), 'lms.csv', content, {
    today: '2021-03-01',
  });
  expect(roster.issues).toEqual([]);
  await store.importRoster(roster.records, { file: 'roster.csv' });
  await store.importCompletions(completions.records, { file: 'lms.csv' });
  await recordSnapshot(store, content, now, 'import');
  return store;
}

const store = await bigStore();
const desk = createAdminDesk({ content, store, now: () => now });
const bot = withAdminHome(
  createBot({
    content,
    engine,
    feedback: { record: async () => {} },
    now: () => now,
    privacyNotice: privacyNotice({
      retentionDays: 30,
      notReportingChannel: content.resources.notReportingChannel,
    }),
  }),
  desk,
);
const viewer = (grants: Grant[]): Viewer => ({
  slackUserId: 'U1',
  email: 'someone@example.edu',
  profile: null,
  grants,
});
// An uploaded chart, as the listener passes it after the upload.
const chartFile = (parts: Awaited<ReturnType<typeof bot.home>>['parts']) =>
  new Map(parts.flatMap((p) => (p.type === 'image' ? [[p.filename, { id: 'F0CHART01' }] as const] : [])));

describe('the admin Home with 40 departments', () => {
  it('stays within Block Kit limits and keeps the whole admin section', async () => {
    expect(await store.departments()).toHaveLength(DEPARTMENTS);
    const home = await bot.home(viewer([{ email: 'someone@example.edu', role: 'admin' }]));
    const view = renderHome(home, bot.homeOverflow, chartFile(home.parts));
    expect(checkBlockKitLimits(view, 'home')).toEqual([]);
    expect(view.blocks.length).toBeLessThanOrEqual(LIMITS.viewBlocks);
    const text = readable(view.blocks);
    expect(text).toContain(ADMIN_HOME_HEADING);
    // Every department is listed (sorted as people read them), none cut short.
    for (let d = 1; d <= DEPARTMENTS; d += 1) expect(text).toContain(`Department ${d}, Synthetic*:`);
    expect(view.blocks.some((b) => b.type === 'image')).toBe(true);
    expect(text).toContain(SEND_REMINDER_BUTTON);
    expect(text).toContain(DOWNLOAD_CSV_BUTTON);
    expect(text).toContain('lms.csv');
    // The personal Home follows; the privacy notice is still the last block.
    expect(text).toContain('Your training status');
    expect(JSON.stringify(view.blocks.at(-1))).toContain('not a reporting channel');
  });

  it('shows a department admin officer only their department, without the reminder button', async () => {
    const home = await bot.home(
      viewer([{ email: 'someone@example.edu', role: 'dept-admin', department: 'Department 7, Synthetic' }]),
    );
    const view = renderHome(home, bot.homeOverflow, chartFile(home.parts));
    expect(checkBlockKitLimits(view, 'home')).toEqual([]);
    const text = readable(view.blocks);
    expect(text).toContain('Scope: the department Department 7, Synthetic');
    expect(text).not.toContain('Department 8, Synthetic');
    expect(text).not.toContain(SEND_REMINDER_BUTTON);
    expect(JSON.stringify(view.blocks)).toContain(ACTION.downloadReport);
  });

  it("gives anyone else's Home no admin section", async () => {
    const home = await bot.home(viewer([]));
    expect(home.parts.some((p) => p.type === 'image')).toBe(false);
    const view = renderHome(home, bot.homeOverflow);
    const text = readable(view.blocks);
    expect(text).not.toContain(ADMIN_HOME_HEADING);
    expect(JSON.stringify(view.blocks)).not.toContain(ACTION.downloadReport);
    expect(JSON.stringify(view.blocks)).not.toContain(ACTION.openRemind);
  });
});
