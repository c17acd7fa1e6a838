import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AudienceSpec,
  type BroadcastService,
  createBroadcastService,
  DEACTIVATED,
  NO_SLACK_ACCOUNT,
  NOT_ALLOWED_TEXT,
  NotAllowedError,
  resolveAudience,
  type Sender,
} from '../../src/broadcast/index.js';
import { DEFAULTS } from '../../src/config.js';
import { METADATA_EVENT_TYPE, slackBroadcastPort } from '../../src/slack/web-api/index.js';
import type { Store } from '../../src/store/index.js';
import { type SlackStandIn, startSlackStandIn } from '../support/slack-stand-in.js';
import {
  ADMIN,
  acceptedPosts,
  at,
  CHEMISTRY_ADMIN,
  content,
  demoStore,
  limitViolations,
  NOBODY,
  PHYSICS_ADMIN,
  slackUsersFor,
} from './support.js';

const short = (emails: string) => emails.split(' ').map((e) => `${e}@example.edu`);

describe('audience filters against the demo roster', async () => {
  const store = await demoStore();
  it.each<[string, AudienceSpec, string, string]>([
    [
      'overdue after All Schools closed',
      { state: 'overdue' },
      '2021-02-22',
      'bram.placeholder cleo.sample ivan.example kira.stub',
    ],
    [
      'window open: VP for Research opens that day',
      { state: 'window_open' },
      '2021-02-22',
      'lena.testcase pavel.example',
    ],
    [
      'not completed, any window',
      { state: 'not_completed' },
      '2021-02-22',
      'abel.student bea.student bram.placeholder cleo.sample gus.override ivan.example kira.stub lena.testcase nora.student pavel.example tara.placeholder vera.mock xena.fixture',
    ],
    [
      'due within 7 days (Feb 17 is 7 away)',
      { state: 'due_within', withinDays: 7 },
      '2021-02-10',
      'bram.placeholder cleo.sample ivan.example kira.stub',
    ],
    ['due within 6 days: nobody yet', { state: 'due_within', withinDays: 6 }, '2021-02-10', ''],
    [
      'one department',
      { state: 'not_completed', department: 'Imaginary Physics' },
      '2021-02-22',
      'abel.student bram.placeholder nora.student',
    ],
    [
      'one group',
      { state: 'not_completed', group: 'graduate-students' },
      '2021-02-22',
      'abel.student bea.student nora.student',
    ],
    ['group and state', { state: 'overdue', group: 'vp-research' }, '2021-02-22', ''],
  ])('%s', async (_name, spec, day, expected) => {
    const audience = await resolveAudience(store, content, spec, at(day));
    expect(audience.recipients.map((r) => r.person.profile.email)).toEqual(expected ? short(expected) : []);
    // Never someone who is not required or has completed.
    for (const r of audience.recipients) {
      expect(r.status.required).toBe(true);
      expect(r.status.completed).toBeNull();
    }
  });
});

describe('campaigns against the Slack stand-in', () => {
  let store: Store;
  let standIn: SlackStandIn;
  let service: BroadcastService;
  let users: Awaited<ReturnType<typeof slackUsersFor>>;
  const idOf = (email: string) => users.find((u) => u.email === email)?.id ?? '';
  const admin = async (): Promise<Sender> => ({
    kind: 'person',
    id: ADMIN,
    grants: await store.grants(ADMIN),
  });
  const overdue = { kind: 'reminder', template: 'overdue', audience: { state: 'overdue' } } as const;

  beforeAll(async () => {
    standIn = await startSlackStandIn({ token: 'xoxb-test' });
  });
  afterAll(() => standIn.close());
  beforeEach(async () => {
    store = await demoStore();
    users = await slackUsersFor(store, {
      without: ['kira.stub@example.edu'],
      deleted: ['ivan.example@example.edu'],
    });
    for (const user of users) standIn.addUser(user);
    standIn.reset();
    standIn.clearFaults();
    service = createBroadcastService({
      store,
      content,
      port: slackBroadcastPort({
        token: 'xoxb-test',
        apiUrl: standIn.url,
        timeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      }),
      ratePerMinute: 6000,
      requestTimeoutMs: DEFAULTS.broadcastRequestTimeoutMs,
      now: () => at('2021-02-22'),
      queueOptions: { backoffBaseMs: 20, channelIntervalMs: 0 },
    });
  });
  afterEach(async () => {
    expect(limitViolations(standIn.calls)).toEqual([]);
    service.close();
    await store.close();
  });

  it.each([
    ['someone with no grant', NOBODY],
    ['a department admin officer', PHYSICS_ADMIN],
    ['another department admin officer', CHEMISTRY_ADMIN],
  ])('refuses %s politely and sends nothing', async (_who, email) => {
    const sender: Sender = { kind: 'person', id: email, grants: await store.grants(email) };
    await expect(service.broadcaster.preview(overdue, sender)).rejects.toThrow(NOT_ALLOWED_TEXT);
    await expect(service.broadcaster.dryRun(overdue, sender)).rejects.toThrow(NotAllowedError);
    await expect(service.broadcaster.start(overdue, sender)).rejects.toThrow(NotAllowedError);
    expect(await service.campaigns.listCampaigns()).toEqual([]);
    expect(standIn.calls).toEqual([]);
  });

  it('a dry run shows count, groups and one message, records an audit entry and sends nothing', async () => {
    const preview = await service.broadcaster.dryRun({ ...overdue, note: 'Thanks <b>!' }, await admin());
    expect(preview.count).toBe(4);
    expect(preview.byGroup).toEqual([
      { groupId: 'all-schools', name: 'All Schools (including Faculty)', count: 4 },
    ]);
    expect(preview.sample?.firstName).toBe('Bram');
    expect(preview.sample?.message.text).toContain('Hi Bram,');
    expect(preview.sample?.message.text).toContain('Thanks &lt;b&gt;!');
    const [audit] = await service.campaigns.listCampaigns();
    expect(audit).toMatchObject({
      createdBy: ADMIN,
      dryRun: true,
      recipients: 4,
      spec: { ...overdue, note: 'Thanks <b>!' },
    });
    expect(standIn.calls).toEqual([]);
  });

  it('sends one DM per reachable recipient, skips those without a live account, and honours 429 Retry-After', async () => {
    standIn.rateLimitNext('chat.postMessage', 1, 1);
    const started = await service.broadcaster.start(overdue, await admin());
    // Written before the first message.
    expect(await service.campaigns.counts(started.campaignId)).toMatchObject({ pending: 4, total: 4 });
    expect(standIn.callsTo('chat.postMessage')).toEqual([]);
    const progress: number[] = [];
    const summary = await service.broadcaster.run(started.campaignId, {
      onProgress: (p) => {
        progress.push(p.counts.sent);
      },
      progressEveryMs: 0,
    });
    expect(summary.counts).toMatchObject({ sent: 2, skipped: 2, failed: 0, pending: 0, sending: 0 });
    expect(summary.reasons).toEqual([
      { status: 'skipped', reason: DEACTIVATED, count: 1 },
      { status: 'skipped', reason: NO_SLACK_ACCOUNT, count: 1 },
    ]);
    expect(summary.done).toBe(true);
    expect(progress.at(-1)).toBe(2);

    // users.list once for the whole audience, never one lookup per person.
    expect(standIn.callsTo('users.list').length).toBeGreaterThan(0);
    expect(standIn.callsTo('users.lookupByEmail')).toEqual([]);
    const posts = standIn.callsTo('chat.postMessage');
    const limited = posts.filter((c) => c.status === 429);
    expect(limited).toHaveLength(1);
    const first429 = limited[0] as (typeof posts)[number];
    const retry = posts.find(
      (c) => c.at >= first429.at && c !== first429 && c.args['channel'] === first429.args['channel'],
    );
    expect((retry?.at ?? 0) - first429.at).toBeGreaterThanOrEqual(950);
    // Nothing was dispatched during the pause: every later call started after Retry-After.
    const dispatchedLater = posts.slice(posts.indexOf(first429) + 1).filter((c) => c.at - first429.at < 950);
    expect(dispatchedLater.length).toBeLessThanOrEqual(1);
    expect(service.queue.stats().rateLimited).toBe(1);

    const bram = await store.personByEmail(NOBODY);
    const cleo = await store.personByEmail('cleo.sample@example.edu');
    expect([...acceptedPosts(standIn.calls)].sort()).toEqual(
      [idOf(bram?.profile.email ?? ''), idOf(cleo?.profile.email ?? '')].sort().map((id) => [id, 1]),
    );
    const first = posts.find((c) => c.ok);
    expect(first?.args['metadata']).toMatchObject({ event_type: METADATA_EVENT_TYPE });
    expect(String(first?.args['text'])).toContain('The deadline for *All Schools (including Faculty)*');
  });

  it("records permanent failures with Slack's error and retries transient ones", async () => {
    standIn.inject({
      method: 'chat.postMessage',
      channel: idOf('cleo.sample@example.edu'),
      respond: { error: 'account_inactive' },
    });
    standIn.inject({
      method: 'chat.postMessage',
      channel: idOf(NOBODY),
      respond: { error: 'internal_error' },
      times: 2,
    });
    const started = await service.broadcaster.start(overdue, await admin());
    const summary = await service.broadcaster.run(started.campaignId);
    expect(summary.counts).toMatchObject({ sent: 1, failed: 1, skipped: 2 });
    expect(summary.reasons).toContainEqual({ status: 'failed', reason: 'account_inactive', count: 1 });
    expect(
      standIn.callsTo('chat.postMessage').filter((c) => c.args['channel'] === idOf(NOBODY)),
    ).toHaveLength(3);
    expect(service.queue.stats().retries).toBe(2);
    expect([...acceptedPosts(standIn.calls)]).toEqual([[idOf(NOBODY), 1]]);
  });

  it('a refused token stops the campaign with nothing lost; it resumes once fixed', async () => {
    standIn.failNext('chat.postMessage', 'invalid_auth', 1);
    const started = await service.broadcaster.start(overdue, await admin());
    const stopped = await service.broadcaster.run(started.campaignId);
    expect(stopped.stoppedReason).toBe('invalid_auth');
    expect(stopped.done).toBe(false);
    // The refused message is pending again, not failed: nothing is lost.
    expect(stopped.counts).toMatchObject({ failed: 0, sending: 0 });
    expect(stopped.counts.pending).toBeGreaterThanOrEqual(1);
    const [resumed] = await service.broadcaster.resumeUnfinished();
    expect(resumed?.counts).toMatchObject({ sent: 2, skipped: 2, pending: 0 });
    expect(resumed?.done).toBe(true);
    expect([...acceptedPosts(standIn.calls).values()]).toEqual([1, 1]);
  });

  it('posts an announcement to a channel with the same audit record', async () => {
    const request = {
      kind: 'announcement',
      channel: 'C0ANNOUNCE',
      template: 'group-window-opens',
      group: 'vp-research',
    } as const;
    const started = await service.broadcaster.start(request, await admin());
    const summary = await service.broadcaster.run(started.campaignId);
    expect(summary.counts).toMatchObject({ sent: 1, total: 1 });
    const [post] = standIn.callsTo('chat.postMessage');
    expect(post?.args['channel']).toBe('C0ANNOUNCE');
    expect(String(post?.args['text'])).toContain(
      '*VP for Research* is open: Monday, February 22, 2021 to Friday, March 26, 2021',
    );
    expect(await service.campaigns.campaign(started.campaignId)).toMatchObject({
      kind: 'announcement',
      createdBy: ADMIN,
    });
  });
});
