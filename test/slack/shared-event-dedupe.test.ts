// The event_ids kept in the database: every process on it sees the others' ids.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSharedEventDeduper } from '../../src/slack/shared-event-dedupe.js';
import { openStore } from '../../src/store/index.js';
import { ENGINES, freshLocation } from '../support/engines.js';

const dir = mkdtempSync(join(tmpdir(), 'dedupe-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(ENGINES)('createSharedEventDeduper on %s', (engine) => {
  it('says first time once per id across two connections to one database, and again after the TTL', async () => {
    let t = 1_000_000;
    const path = engine === 'sqlite' ? join(dir, 'shared.db') : await freshLocation(engine);
    const [first, second] = [await openStore({ path }), await openStore({ path })];
    const one = createSharedEventDeduper(first.events, { ttlMs: 1000, now: () => t });
    const two = createSharedEventDeduper(second.events, { ttlMs: 1000, now: () => t });
    try {
      const seen = [];
      for (const [who, id] of [
        [one, 'Ev1'],
        [two, 'Ev1'],
        [two, 'Ev2'],
        [one, 'Ev2'],
      ] as const)
        seen.push(await who.firstTime(id));
      expect(seen).toEqual([true, false, true, false]);
      t += 999;
      expect(await two.firstTime('Ev1')).toBe(false);
      t += 1;
      expect(await two.firstTime('Ev1')).toBe(true);
      expect(await one.firstTime('Ev1')).toBe(false);
      expect(await one.size()).toBe(2);
      // A minute later the next event clears the expired ids: only the one just seen is left.
      t += 60_000;
      expect(await one.firstTime('Ev3')).toBe(true);
      expect(await two.size()).toBe(1);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('claims the ids that arrive together in one batch, each once, a repeat within the batch not first', async () => {
    const path = engine === 'sqlite' ? join(dir, 'batch.db') : await freshLocation(engine);
    const store = await openStore({ path });
    const deduper = createSharedEventDeduper(store.events);
    try {
      const ids = ['Ev1', 'Ev2', 'Ev1', ...Array.from({ length: 40 }, (_, i) => `EvB${i}`), 'Ev2'];
      const seen = await Promise.all(ids.map((id) => deduper.firstTime(id)));
      expect(seen).toEqual([true, true, false, ...ids.slice(3, -1).map(() => true), false]);
      expect(await Promise.all(['Ev1', 'EvB0', 'EvNew'].map((id) => deduper.firstTime(id)))).toEqual([
        false,
        false,
        true,
      ]);
      expect(await deduper.size()).toBe(43);
    } finally {
      await store.close();
    }
  });
});
