// A department with a long name can be targeted from the composer: its option value is a digest (Slack cuts
// values at 75 characters), read back against the roster's departments.
import { describe, expect, it } from 'vitest';
import { NOTE_MAX, parseRemind, REMIND_FIELDS, remindForm } from '../../src/bot/replies/remind-form.js';
import { createBroadcaster, createDeliveryQueue, createSlackDirectory } from '../../src/broadcast/index.js';
import { renderForm } from '../../src/slack/views/render.js';
import { openStore, parseRoster } from '../../src/store/index.js';
import { checkRecordedCall } from '../support/block-kit-limits.js';
import { ADMIN, at, content, tempDb } from './support.js';

const LONG = `Department of ${'Very Long Interdisciplinary Studies '.repeat(4)}`.slice(0, 120);

describe('a 120-character department name in the composer', () => {
  it('is offered, fits Block Kit, and the dry run finds its people', async () => {
    expect(LONG).toHaveLength(120);
    const header =
      'email,name,role,paid,study_year,start_date,appointment_end,leave,graduating,area,group,department,supervisor,slack_user_id';
    const rows = [0, 1, 2].map(
      (i) => `long${i}@example.edu,Long Person ${i},faculty,yes,,2010-01-01,,,,school,,${LONG},no,`,
    );
    const other = 'other@example.edu,Other Person,faculty,yes,,2010-01-01,,,,school,,Short Dept,no,';
    const { records, issues } = parseRoster(`${header}\n${[...rows, other].join('\n')}\n`, 'l.csv', content);
    expect(issues).toEqual([]);
    const store = await openStore({ path: tempDb(), schedule: content.schedule });
    await store.importRoster(records, { file: 'l.csv' });
    await store.grant({ email: ADMIN, role: 'admin' });

    const modal = renderForm(remindForm(content, await store.departments()));
    expect(checkRecordedCall('views.open', { trigger_id: 't', view: modal })).toEqual([]);
    const options = JSON.stringify(modal).match(/"value":"d:[0-9a-f]+"/g) ?? [];
    expect(options).toHaveLength(2);
    const json = JSON.stringify(modal);
    // The option carrying the long name (its label may be shortened for display; its value is not a cut name).
    const at120 = json.indexOf(LONG.slice(0, 60));
    expect(at120).toBeGreaterThan(-1);
    const value = /"value":"(d:[0-9a-f]+)"/.exec(json.slice(at120))?.[1] ?? '';
    expect(value.length).toBeLessThanOrEqual(75);

    const parsed = parseRemind(
      {
        [REMIND_FIELDS.template]: 'overdue',
        [REMIND_FIELDS.state]: 'overdue',
        [REMIND_FIELDS.department]: value,
        [REMIND_FIELDS.mode]: 'dry',
      },
      content,
      await store.departments(),
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.request).toMatchObject({ audience: { department: LONG } });
    const port = {
      post: async () => ({ ok: false as const, error: 'unused', status: 0 }),
      listUsers: async () => ({ ok: true as const, value: { members: [], nextCursor: null } }),
      findDelivered: async () => null,
    };
    const broadcaster = createBroadcaster({
      store,
      campaigns: store.campaigns,
      content,
      queue: createDeliveryQueue({ port, ratePerMinute: 60 }),
      port,
      directory: createSlackDirectory({ port, store: store.directory }),
      now: () => at('2021-02-22'),
    });
    const preview = await broadcaster.preview(parsed.request, {
      kind: 'person',
      id: ADMIN,
      grants: await store.grants(ADMIN),
    });
    expect(preview.count).toBe(3);
    await store.close();
  });
});

describe('the composer checks its limits on submit, not only in Slack’s client', () => {
  const submit = (extra: Record<string, string>) =>
    parseRemind({ [REMIND_FIELDS.template]: 'overdue', [REMIND_FIELDS.mode]: 'dry', ...extra }, content, []);

  it('refuses a forged 40,000-character note, saying the limit and the length', () => {
    const parsed = submit({ [REMIND_FIELDS.note]: 'x'.repeat(40_000) });
    expect(parsed).toEqual({
      ok: false,
      errors: {
        [REMIND_FIELDS.note]: `The note can be at most ${NOTE_MAX} characters (this one has 40000).`,
      },
    });
    expect(submit({ [REMIND_FIELDS.note]: 'x'.repeat(NOTE_MAX) }).ok).toBe(true);
  });

  it.each(['-3', '2.5', '100000', 'abc'])('refuses %j days', (days) => {
    const parsed = submit({ [REMIND_FIELDS.state]: 'due_within', [REMIND_FIELDS.days]: days });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors[REMIND_FIELDS.days]).toMatch(/whole number from 0 to 365/);
  });
});
