// Shared by the broadcast tests: the demo roster in a throwaway database, its people in the Slack stand-in.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Content, loadContent } from '../../src/content/load.js';
import { parseMoment } from '../../src/rules/index.js';
import { openStore, parseCompletions, parseRoster, type Store } from '../../src/store/index.js';
import { checkRecordedCall } from '../support/block-kit-limits.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import type { RecordedCall, StandInUser } from '../support/slack-stand-in.js';

export const EXAMPLES = resolve(import.meta.dirname, '../../examples');
export const ADMIN = 'rhea.admin@example.edu';
export const PHYSICS_ADMIN = 'seth.deptadmin@example.edu';
export const CHEMISTRY_ADMIN = 'tomas.deptadmin@example.edu';
export const NOBODY = 'bram.placeholder@example.edu';

export const content: Content = loadContent(SHIPPED_CONTENT);
export const at = (moment: string): Date => parseMoment(moment, content.schedule.cycle.timeZone);

export function tempDb(): string {
  return join(mkdtempSync(join(tmpdir(), 'broadcast-')), 'test.db');
}

/** The demo roster and completions in a fresh database file, with the demo's grants. */
export async function demoStore(path = tempDb()): Promise<Store> {
  const store = await openStore({ path, schedule: content.schedule });
  const roster = parseRoster(readFileSync(join(EXAMPLES, 'roster.csv')), 'roster.csv', content);
  const completions = parseCompletions(
    readFileSync(join(EXAMPLES, 'completions.csv')),
    'completions.csv',
    content,
  );
  if (roster.issues.length > 0 || completions.issues.length > 0) throw new Error('demo data does not parse');
  await store.importRoster(roster.records, { file: 'roster.csv' });
  await store.importCompletions(completions.records);
  await store.grant({ email: ADMIN, role: 'admin' });
  await store.grant({ email: PHYSICS_ADMIN, role: 'dept-admin', department: 'Imaginary Physics' });
  await store.grant({ email: CHEMISTRY_ADMIN, role: 'dept-admin', department: 'Example Chemistry' });
  return store;
}

/** A Slack user for every demo person (the roster's own id for those that have one), minus `without`. */
export async function slackUsersFor(
  store: Store,
  options: { without?: string[]; deleted?: string[] } = {},
): Promise<StandInUser[]> {
  return (await store.listPeople({ active: 'any' }))
    .filter((p) => !options.without?.includes(p.profile.email))
    .map((p, i) => ({
      id: p.slackUserId ?? `U9${String(i).padStart(7, '0')}`,
      email: p.profile.email,
      ...(p.profile.name ? { realName: p.profile.name } : {}),
      deleted: options.deleted?.includes(p.profile.email) ?? false,
    }));
}

/** Every payload the app sent stays inside Slack's limits. */
export function limitViolations(calls: readonly RecordedCall[]): string[] {
  return calls.flatMap((c) => checkRecordedCall(c.method, c.args).map((v) => `${c.method}: ${v}`));
}

/** chat.postMessage calls that Slack accepted, by channel (a user id as the app addressed it). */
export function acceptedPosts(calls: readonly RecordedCall[]): Map<string, number> {
  const byChannel = new Map<string, number>();
  for (const c of calls) {
    if (c.method !== 'chat.postMessage' || !c.ok) continue;
    const channel = String(c.args['channel']);
    byChannel.set(channel, (byChannel.get(channel) ?? 0) + 1);
  }
  return byChannel;
}
