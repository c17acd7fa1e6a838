// A database the app wrote with an earlier version, opened by today's code: the schema is brought up to date
// in place (no export, no re-import), and the people, completions, grants, links, votes, misses and campaigns
// in it are all still there and can be written to.
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { openStore, parseRoster, type Store } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/migrations.js';
import { SHIPPED_CONTENT } from '../support/content.js';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/store');
const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const content = loadContent(SHIPPED_CONTENT);
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

/** A copy of the fixture (the fixture itself is never written to). */
async function openCopy(name: string): Promise<Store> {
  const path = join(mkdtempSync(join(tmpdir(), 'upgrade-')), 'app.db');
  copyFileSync(join(FIXTURES, name), path);
  const store = await openStore({ path, schedule: content.schedule });
  opened.push(store);
  return store;
}

describe('a SQLite database written by commit 931e4a3 (schema 9)', () => {
  const FIXTURE = 'made-by-storage-931e4a3.db';

  it('opens at the current schema with every record in it', async () => {
    const store = await openCopy(FIXTURE);
    const stats = await store.stats();
    expect(stats).toMatchObject({
      schemaVersion: MIGRATIONS.length,
      people: 45,
      active: 45,
      completions: 17,
      lastRosterImport: { file: 'roster.csv', importedAt: '2021-02-10T15:00:00.000Z' },
    });
    expect(await store.listGrants()).toEqual([{ email: 'rhea.admin@example.edu', role: 'admin' }]);
    expect((await store.personBySlackId('U0BRAM0001'))?.profile.email).toBe('bram.placeholder@example.edu');
    expect(await store.feedback.counts()).toEqual([{ faqId: 'working-hours', helpful: 1, unhelpful: 0 }]);
    expect((await store.misses.listMisses()).map((m) => m.text)).toEqual(['where is the parking office']);
    const [campaign] = await store.campaigns.listCampaigns();
    expect(campaign).toMatchObject({ kind: 'reminder', createdBy: 'fixture', spec: { template: 'overdue' } });
    expect(await store.campaigns.counts(campaign?.id ?? 0)).toMatchObject({ pending: 1, total: 1 });
  });

  it('takes new records of every kind after the upgrade', async () => {
    const store = await openCopy(FIXTURE);
    // The same person's second click on the same answer changes their vote instead of adding one.
    const ballot = { message: 'D1:1612960000.000200', voter: 'U0BRAM0001' };
    expect(await store.feedback.record('working-hours', 'down', ballot)).toBe('changed');
    expect(await store.feedback.counts()).toEqual([{ faqId: 'working-hours', helpful: 0, unhelpful: 1 }]);
    expect(
      await store.grant({ email: 'seth@example.edu', role: 'dept-admin', department: 'Imaginary Physics' }),
    ).toBe(true);
    const [campaign] = await store.campaigns.listCampaigns();
    const [delivery] = await store.campaigns.pendingDeliveries(campaign?.id ?? 0, 0, 10);
    expect(await store.campaigns.claim(delivery?.id ?? 0, 'key-1', 'U0BRAM0001')).toBe(true);
    await store.campaigns.markSent(delivery?.id ?? 0, '1612960000.000300');
    await store.campaigns.finish(campaign?.id ?? 0);
    expect(await store.campaigns.unfinishedCampaigns()).toEqual([]);
    // The next night's roster, one person fewer: imported into the upgraded tables.
    const lines = readFileSync(join(EXAMPLES, 'roster.csv'), 'utf8').trimEnd().split('\n');
    const roster = parseRoster(`${lines.slice(0, -1).join('\n')}\n`, 'roster.csv', content);
    const summary = await store.importRoster(roster.records, { file: 'roster.csv' });
    expect(summary).toMatchObject({ added: 0, deactivated: 1, unchanged: 44 });
  });
});
