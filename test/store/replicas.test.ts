// What lets several app processes share one database, on each engine: a lease held by one holder at a time
// and taken over after it expires, one sending pace for all, a delivery claimed once, and a roster import that
// readers see whole or not at all.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadContent } from '../../src/content/load.js';
import { createLease } from '../../src/jobs/lease.js';
import { openStore, parseRoster, type Store } from '../../src/store/index.js';
import { syntheticRoster } from '../../src/store/synthetic.js';
import { SHIPPED_CONTENT } from '../support/content.js';
import { ENGINES, freshLocation, outsideQuery } from '../support/engines.js';

const content = loadContent(SHIPPED_CONTENT);
const ROOT = resolve(import.meta.dirname, '../..');
const opened: Store[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

describe.each(ENGINES)('replicas on %s', (engine) => {
  /** Two stores on one database, as two app processes would hold it. */
  async function twoStores(): Promise<[Store, Store, string]> {
    const location = await freshLocation(engine);
    const first = await openStore({ path: location, schedule: content.schedule });
    const second = await openStore({ path: location, schedule: content.schedule });
    opened.push(first, second);
    return [first, second, location];
  }

  it('gives a lease to one holder at a time, renews it for that holder, and hands it over once expired', async () => {
    const [a, b] = await twoStores();
    const t = 1_000_000;
    expect(await a.leases.acquire('jobs', 'replica-a', t, 1000)).toBe(true);
    expect(await b.leases.acquire('jobs', 'replica-b', t + 10, 1000)).toBe(false);
    expect(await a.leases.acquire('jobs', 'replica-a', t + 500, 1000)).toBe(true);
    // Renewed at +500: still held at +1400, free from +1500.
    expect(await b.leases.acquire('jobs', 'replica-b', t + 1400, 1000)).toBe(false);
    expect(await b.leases.holder('jobs', t + 1400)).toBe('replica-a');
    expect(await b.leases.acquire('jobs', 'replica-b', t + 1500, 1000)).toBe(true);
    expect(await a.leases.acquire('jobs', 'replica-a', t + 1600, 1000)).toBe(false);
    expect(await a.leases.holder('jobs', t + 1600)).toBe('replica-b');
    // A clean stop gives it up at once; someone else's release changes nothing.
    await a.leases.release('jobs', 'replica-a');
    expect(await a.leases.holder('jobs', t + 1600)).toBe('replica-b');
    await b.leases.release('jobs', 'replica-b');
    expect(await a.leases.acquire('jobs', 'replica-a', t + 1700, 1000)).toBe(true);
    // Other names are other leases.
    expect(await b.leases.acquire('campaign:7', 'replica-b', t + 1700, 1000)).toBe(true);
  });

  it('keeps a lease held while its holder checks it, and passes it on when the holder stops checking', async () => {
    const [a, b] = await twoStores();
    let t = 0;
    const now = () => t;
    const first = createLease({ leases: a.leases, name: 'jobs', holder: 'a', ttlMs: 600, now });
    const second = createLease({ leases: b.leases, name: 'jobs', holder: 'b', ttlMs: 600, now });
    expect(await first.held()).toBe(true);
    for (t = 100; t <= 3000; t += first.renewEveryMs) {
      expect(await first.held()).toBe(true);
      expect(await second.held()).toBe(false);
    }
    // The first holder dies (stops renewing): the second has it one TTL after the last renewal at most.
    const died = t;
    while (!(await second.held())) t += 50;
    expect(t - died).toBeLessThanOrEqual(600);
    expect(await first.held()).toBe(false);
  });

  it('spaces the sending slots of two processes as one pace', async () => {
    const [a, b] = await twoStores();
    const slots: number[] = [];
    for (let i = 0; i < 100; i++)
      slots.push(await (i % 2 ? a : b).pace.reserve('chat.postMessage', 5000, 10));
    expect(slots[0]).toBe(5000);
    expect(slots.slice(1).map((s, i) => s - (slots[i] as number))).toEqual(Array(99).fill(10));
    // After a quiet spell the next slot is now, not a backlog.
    expect(await a.pace.reserve('chat.postMessage', 100_000, 10)).toBe(100_000);
  });

  it('lets one process claim a delivery: the other cannot take it, in flight or after', async () => {
    const [a, b] = await twoStores();
    const records = parseRoster(syntheticRoster(20, content), 'r.csv', content).records;
    await a.importRoster(records, { file: 'r.csv' });
    const people = await a.listPeople();
    const id = (await a.campaigns.createCampaign({
      kind: 'reminder',
      createdBy: 'test',
      spec: {},
      recipients: people.length,
      deliveries: people.map((p) => ({ personId: p.id, target: null })),
    })) as number;
    const rows = await a.campaigns.pendingDeliveries(id, 0, 100);
    const winners = await Promise.all(
      rows.map(async (row, i) => {
        const [first, second] = i % 2 ? [a, b] : [b, a];
        const one = await first.campaigns.claim(row.id, `key-${i}-1`, 'U1');
        const two = await second.campaigns.claim(row.id, `key-${i}-2`, 'U1');
        return [one, two];
      }),
    );
    expect(winners.every(([one, two]) => one && !two)).toBe(true);
    expect(await b.campaigns.counts(id)).toMatchObject({ sending: 20, pending: 0 });
  });

  it('shows a roster import to other readers whole or not at all', async () => {
    const location = await freshLocation(engine);
    const store = await openStore({ path: location, schedule: content.schedule });
    await store.importRoster(parseRoster(syntheticRoster(2000, content), 'base.csv', content).records, {
      file: 'base.csv',
    });
    await store.close();
    const dir = mkdtempSync(join(tmpdir(), 'isolation-'));
    const file = join(dir, 'big.csv');
    writeFileSync(file, syntheticRoster(12_000, content));
    // The import runs in another process (the nightly job); this one counts the people meanwhile.
    const env = {
      ...process.env,
      DATABASE_PATH: engine === 'sqlite' ? location : '',
      DATABASE_URL: engine === 'postgres' ? location : '',
    };
    const imported = new Promise<string>((done, fail) =>
      execFile(
        join(ROOT, 'node_modules/.bin/tsx'),
        [join(ROOT, 'src/cli/main.ts'), 'roster', 'import', file, '--content', SHIPPED_CONTENT],
        { cwd: ROOT, env },
        (error, stdout, stderr) => (error ? fail(new Error(stderr)) : done(stdout)),
      ),
    );
    let finished = false;
    void imported.finally(() => {
      finished = true;
    });
    const seen = new Set<number>();
    while (!finished) {
      const [row] = await outsideQuery<{ n: number | string }>(location, 'SELECT count(*) AS n FROM people');
      seen.add(Number(row?.n));
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await imported).toMatch(/12000 people\. 10000 added, 0 updated, 0 deactivated, 2000 unchanged\./);
    const [after] = await outsideQuery<{ n: number | string }>(location, 'SELECT count(*) AS n FROM people');
    seen.add(Number(after?.n));
    expect([...seen].sort((x, y) => x - y)).toEqual([2000, 12000]);
  });
});
