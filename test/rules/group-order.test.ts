// The order of the groups in schedule.yml decides nothing: every kind of person the content can tell apart
// lands in the same group with the groups listed in reverse.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveGroup } from '../../src/content/group.js';
import { loadContent } from '../../src/content/load.js';
import { groupConditions, sampleProfiles } from '../../src/content/population.js';

const ROOT = resolve(import.meta.dirname, '../..');

describe.each(['content', 'test/fixtures/cycle-2025-26'])('the groups of %s', (dir) => {
  it('resolve the same for every sampled person, in either order', () => {
    const { schedule } = loadContent(resolve(ROOT, dir));
    const reversed = { ...schedule, groups: [...schedule.groups].reverse() };
    const people = sampleProfiles(groupConditions(schedule));
    expect(people.length).toBeGreaterThan(10);
    for (const person of people) {
      const forward = resolveGroup(person, { schedule });
      const backward = resolveGroup(person, { schedule: reversed });
      expect([person, backward.group?.id, backward.missing.toSorted()]).toEqual([
        person,
        forward.group?.id,
        forward.missing.toSorted(),
      ]);
    }
  });
});
