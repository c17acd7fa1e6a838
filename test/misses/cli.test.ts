// `cli misses`, `cli misses promote` and `cli stats`, run in-process on a real database file.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/main.js';
import { createMissesCommand } from '../../src/cli/misses.js';
import { createStatsCommand } from '../../src/cli/stats.js';
import { loadContent } from '../../src/content/load.js';
import { createMissRecorder } from '../../src/misses/index.js';
import { openStore, parseRoster } from '../../src/store/index.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const REPO = resolve(import.meta.dirname, '../..');
const content = loadContent(SHIPPED_CONTENT);
const NOW = new Date('2021-02-10T17:00:00Z');

function fakeIo(db: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (t) => void out.push(t),
    err: (t) => void err.push(t),
    readStdin: async () => '',
    env: { DATABASE_PATH: db, CONTENT_DIR: SHIPPED_CONTENT, ...env },
    cwd: REPO,
  };
  return { io, out, err };
}

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A database as the app leaves it: a roster with Slack ids, misses, answer counts, votes and notice flags. */
async function seededDb(): Promise<string> {
  const path = join(mkdtempSync(join(tmpdir(), 'misses-cli-')), 'app.db');
  const store = await openStore({ path, schedule: content.schedule });
  const roster = parseRoster(readFileSync(join(REPO, 'examples/roster.csv')), 'roster.csv', content);
  await store.importRoster(roster.records, { file: 'roster.csv' });
  await store.linkSlackUser(roster.records[0]?.profile.email ?? '', 'U0LINKED01');
  const recorder = createMissRecorder({ misses: store.misses, now: () => NOW, timeZone: 'America/New_York' });
  for (const q of ['where do i park for the training', 'where can i park during training', 'wifi password']) {
    recorder.missed({ question: q });
    await recorder.settled();
  }
  recorder.missed({ question: 'email the link to lee.k@example.edu' });
  recorder.answered({ kind: 'faq', band: 'answer' });
  recorder.answered({ kind: 'sensitive', band: 'answer' });
  recorder.answered({ kind: 'unknown', band: 'out-of-scope' });
  await recorder.settled();
  await recorder.isFirstContact({ slackUserId: 'U0FIRST001' });
  await store.feedback.record('sabbatical', 'up');
  await store.feedback.record('sabbatical', 'down');
  await store.close();
  return path;
}

describe('cli misses', () => {
  const run = createMissesCommand({ now: () => NOW });

  it('lists misses grouped, with counts and the nearest FAQ entry, redacted', async () => {
    const { io, out } = fakeIo(await seededDb());
    expect(await run([], io)).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^4 questions in 3 groups \(each kept 30 days\)/);
    expect(text).toMatch(/×2 {2}2 unanswered/);
    expect(text).toContain('where do i park for the training');
    expect(text).toContain('email the link to [email]');
    expect(text).not.toContain('lee.k@example.edu');
    expect(text).toMatch(/nearest: [a-z-]+ \(\d\.\d\d\)/);
  });

  it('prints YAML that parses back to the question as a training phrasing of the entry', async () => {
    const { io, out } = fakeIo(await seededDb());
    expect(await run(['promote', '1', '--to', 'working-hours'], io)).toBe(0);
    const yaml = out.join('\n');
    expect(yaml).toContain('`working-hours:`');
    expect(parse(`faq:\n  working-hours:\n${yaml}`)).toEqual({
      faq: { 'working-hours': ['where do i park for the training'] },
    });
  });

  it.each([
    [['promote', '99', '--to', 'working-hours'], /No miss with id 99/],
    [['promote', '1', '--to', 'no-such-entry'], /Unknown FAQ entry "no-such-entry"/],
    [['promote', 'one', '--to', 'working-hours'], /"one" is not a miss id/],
    [['promote', '1'], /misses promote ID --to FAQ_ID/],
  ])('refuses %j', async (args, message) => {
    const { io, err } = fakeIo(await seededDb());
    expect(await runCli(['misses', ...args], io)).toBe(1);
    expect(err.join('\n')).toMatch(message);
  });

  it('enforces the retention period when it opens the database', async () => {
    const db = await seededDb();
    const later = createMissesCommand({ now: () => new Date('2021-03-20T17:00:00Z') });
    const { io, out } = fakeIo(db);
    expect(await later([], io)).toBe(0);
    expect(out.join('\n')).toBe('No questions kept (each is kept 30 days).');
  });

  it('reads MISSES_RETENTION_DAYS, and says which value is wrong', async () => {
    const { io, err } = fakeIo(await seededDb(), { MISSES_RETENTION_DAYS: 'forever' });
    expect(await runCli(['misses'], io)).toBe(1);
    expect(err.join('\n')).toContain('MISSES_RETENTION_DAYS: "forever"');
  });
});

describe('cli stats', () => {
  const run = createStatsCommand({ now: () => NOW });

  it('shows feedback per entry and answers per kind and day, and no user id or person', async () => {
    const db = await seededDb();
    for (const json of [false, true]) {
      const { io, out } = fakeIo(db);
      expect(await run(json ? ['--json'] : [], io)).toBe(0);
      const text = out.join('\n');
      expect(text).toContain('sabbatical');
      expect(text).toContain('2021-02-10');
      expect(text).not.toMatch(/\b[UW][A-Z0-9]{8,}\b/);
      expect(text).not.toMatch(/@/);
      expect(text).not.toContain('park');
    }
    const { io, out } = fakeIo(db);
    await run(['--json'], io);
    expect(JSON.parse(out.join('\n'))).toEqual({
      feedback: [{ faqId: 'sabbatical', helpful: 1, unhelpful: 1 }],
      answers: [
        {
          day: '2021-02-10',
          counts: { faq: 1, personal: 0, sensitive: 1, greeting: 0, 'did-you-mean': 0, 'out-of-scope': 1 },
        },
      ],
    });
  });
});
