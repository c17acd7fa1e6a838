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
    const [first, second] = [openStore({ path }), openStore({ path })];
    const one = createSharedEventDeduper(first.events, { ttlMs: 1000, now: () => t });
    const two = createSharedEventDeduper(second.events, { ttlMs: 1000, now: () => t });
    try {
      expect([
        one.firstTime('Ev1'),
        two.firstTime('Ev1'),
        two.firstTime('Ev2'),
        one.firstTime('Ev2'),
      ]).toEqual([true, false, true, false]);
      t += 999;
      expect(two.firstTime('Ev1')).toBe(false);
      t += 1;
      expect(two.firstTime('Ev1')).toBe(true);
      expect(one.firstTime('Ev1')).toBe(false);
      expect(one.size).toBe(2);
      // A minute later the next event clears the expired ids: only the one just seen is left.
      t += 60_000;
      expect(one.firstTime('Ev3')).toBe(true);
      expect(two.size).toBe(1);
    } finally {
      first.close();
      second.close();
    }
  });
});
