// Campaigns: a reminder to an audience or an announcement to a channel, from preview to the last delivery.
// Every delivery row is written before the first message; each is claimed with an attempt key just before its
// call, so a restart knows exactly which messages were in flight and checks for them (recovery.ts).
import { randomUUID } from 'node:crypto';
import type { Content } from '../content/load.js';
import type { ReminderTemplate } from '../content/schemas.js';
import type { Lease } from '../jobs/lease.js';
import { evaluateStatus } from '../rules/index.js';
import type {
  CampaignRecord,
  CampaignRepository,
  DeliveryCounts,
  DeliveryRow,
  NewDelivery,
} from '../store/campaigns.js';
import type { Person, Store } from '../store/index.js';
import type { Message } from '../text/reply.js';
import {
  audiencePages,
  createGroupCounter,
  type GroupCount,
  matchesAudience,
  type Recipient,
} from './audience.js';
import { NO_SLACK_ACCOUNT, type SlackDirectory, type SlackTarget } from './directory.js';
import { announcementMessage, type ReminderMessageInput, reminderMessage } from './messages.js';
import type { BroadcastPort, OutgoingMessage } from './port.js';
import { DATABASE_UNAVAILABLE, type DeliveryQueue } from './queue.js';
import { type Recovered, recoverInDoubt, unconfirmedAfter } from './recovery.js';
import {
  CampaignError,
  type CampaignRequest,
  describeRequest,
  mayBroadcast,
  NotAllowedError,
  requestGroup,
  requestTemplate,
  type Sender,
} from './requests.js';
import { insideHours, nextSendMoment, recipientZone } from './send-window.js';
import { findTemplate, firstNameOf, renderTemplate, TemplateError } from './templates.js';

/** People who would receive a reminder at the same moment: one time zone (content's `recipientHours`). */
export interface SendTimeGroup {
  timeZone: string;
  /** False: Slack gave no time zone for them, so the cycle's is assumed. */
  known: boolean;
  count: number;
  /** When it would reach them (ISO), the first moment inside their hours from now. */
  at: string;
}

export interface Preview {
  request: CampaignRequest;
  template: { id: string; name: string };
  /** Recipients now (1 for an announcement). */
  count: number;
  byGroup: GroupCount[];
  /** The message as the first recipient (or the channel) would see it. */
  sample: { firstName: string; message: Message } | null;
  /** The filters in words, for the preview and the audit. */
  description: string;
  /**
   * When each time zone's people would receive it, earliest first: only when content sets
   * `recipientHours` (otherwise everyone at once, as the campaign runs).
   */
  sendTimes: SendTimeGroup[];
}

export interface CampaignProgress {
  campaignId: number;
  templateName: string;
  counts: DeliveryCounts;
  done: boolean;
  stoppedReason: string | null;
}

export interface CampaignSummary extends CampaignProgress {
  reasons: { status: 'skipped' | 'failed'; reason: string; count: number }[];
  /** Deliveries found in flight after a crash: confirmed in Slack, sent again, or recorded as unconfirmed. */
  recovered: Recovered;
  /**
   * Another run is sending it, in another app process on the database (it holds the campaign's lease) or in
   * this one: this call sent nothing.
   */
  elsewhere?: true;
}

export interface RunOptions {
  onProgress?: (progress: CampaignProgress) => void | Promise<void>;
  /** Minimum time between two progress calls (the last one always comes). */
  progressEveryMs?: number;
}

export interface Broadcaster {
  preview(request: CampaignRequest, sender: Sender): Promise<Preview>;
  /** A preview that leaves an audit record (dry_run = 1) and sends nothing. */
  dryRun(request: CampaignRequest, sender: Sender): Promise<Preview & { campaignId: number }>;
  /**
   * Resolves Slack ids (users.list when the cache is stale) and the audience now, and writes the campaign with
   * one pending delivery per recipient. With a `scheduleKey` used before, nothing new is written.
   */
  start(
    request: CampaignRequest,
    sender: Sender,
    options?: { scheduleKey?: string },
  ): Promise<{ campaignId: number; created: boolean; recipients: number }>;
  /** Sends every pending delivery of a campaign through the queue; safe to call again after a crash. */
  run(campaignId: number, options?: RunOptions): Promise<CampaignSummary>;
  /**
   * Runs every campaign a crash or a refused token left unfinished. `olderThanMs` leaves out those created
   * more recently: the process that created one is about to run it (the periodic sweep of several replicas).
   */
  resumeUnfinished(options?: RunOptions & { olderThanMs?: number }): Promise<CampaignSummary[]>;
  summary(campaignId: number): Promise<CampaignSummary>;
  describe(request: CampaignRequest): string;
}

export interface BroadcasterDeps {
  store: Pick<Store, 'listPeople' | 'personByEmail'>;
  campaigns: CampaignRepository;
  content: Content;
  queue: DeliveryQueue;
  /** For recovery after a crash: was an in-doubt message delivered? */
  port: Pick<BroadcastPort, 'findDelivered'>;
  directory: SlackDirectory;
  now?: () => Date;
  newKey?: () => string;
  pageSize?: number;
  /**
   * How long a call can still land in Slack after it was made: the request timeout plus a margin. After a
   * crash, deliveries claimed more recently are looked up only once this has passed.
   */
  settleMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * With several app processes on one database: the lease a campaign is sent under, so that one process
   * sends it at a time and another takes it over when that one dies. Without it, this process is alone.
   */
  leaseFor?: (campaignId: number) => Lease;
}

/** A page's people and their Slack accounts (see pageLookup). */
interface PageLookup {
  person(email: string): Person | null;
  target(person: Person): SlackTarget;
}

const NO_LOOKUP: PageLookup = {
  person: () => null,
  target: () => ({ ok: false, reason: NO_SLACK_ACCOUNT }),
};

export const LEFT_THE_ROSTER = 'left the roster';
export const COMPLETED_SINCE = 'completed since the campaign started';
export const NO_LONGER_MATCHES = 'no longer matches the audience';

export function createBroadcaster(deps: BroadcasterDeps): Broadcaster {
  const { content, campaigns, queue } = deps;
  const now = deps.now ?? (() => new Date());
  const newKey = deps.newKey ?? randomUUID;
  const pageSize = deps.pageSize ?? 500;
  const settleMs = deps.settleMs ?? 45_000;
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  /** Campaigns a run in this process is sending now. */
  const runningHere = new Set<number>();

  const authorize = (sender: Sender) => {
    if (sender.kind === 'person' && !mayBroadcast(sender.grants)) throw new NotAllowedError(sender.id);
  };

  const groupOf = (id: string | undefined) => requestGroup(content, id);
  const templateFor = (request: CampaignRequest) => requestTemplate(content, request);
  const describe = (request: CampaignRequest) => describeRequest(content, request);

  const messageFor = (template: ReminderTemplate, input: ReminderMessageInput): Message =>
    template.kind === 'announcement' ? announcementMessage(input) : reminderMessage(input);

  const note = (request: CampaignRequest) => (request.note ? { note: request.note } : {});

  async function preview(request: CampaignRequest, sender: Sender): Promise<Preview> {
    authorize(sender);
    const template = templateFor(request);
    const base = {
      request,
      template: { id: template.id, name: template.name },
      description: describe(request),
    };
    if (request.kind === 'announcement') {
      const group = groupOf(request.group);
      const body = renderTemplate(content, template, { status: null, ...(group ? { group } : {}) });
      return {
        ...base,
        count: 1,
        byGroup: [],
        sendTimes: [],
        sample: { firstName: 'the channel', message: messageFor(template, { body, ...note(request) }) },
      };
    }
    // Read a page at a time: counts, zones and the first recipient, never the whole audience at once.
    const at = now();
    const groups = createGroupCounter(content);
    const zones = createSendTimes();
    let first: Recipient | undefined;
    let count = 0;
    for await (const page of audiencePages(deps.store, content, request.audience, at)) {
      first ??= page[0];
      count += page.length;
      for (const recipient of page) {
        groups.add(recipient);
        await zones.add(recipient.person, at);
      }
    }
    const sample = first
      ? {
          firstName: firstNameOf(first.person.profile.name),
          message: messageFor(template, {
            body: renderTemplate(content, template, {
              status: first.status,
              ...(first.person.profile.name ? { name: first.person.profile.name } : {}),
            }),
            ...note(request),
          }),
        }
      : null;
    return { ...base, count, byGroup: groups.byGroup(), sendTimes: zones.groups(), sample };
  }

  /** Where each recipient is and when theirs may go out; null when content sets no recipient hours. */
  function timing(tz: string | null, at: Date) {
    const hours = content.reminders.schedule.recipientHours;
    if (!hours) return null;
    const zone = recipientZone(tz, content.schedule.cycle.timeZone);
    return { ...zone, at: nextSendMoment(at, zone.timeZone, hours) };
  }

  // The directory as cached (a dry run never calls Slack): a zone it does not know is the cycle's.
  function createSendTimes() {
    const groups = new Map<string, SendTimeGroup>();
    const add = async (person: Person, at: Date) => {
      if (!content.reminders.schedule.recipientHours) return;
      const target = await deps.directory.resolve(person);
      const when = timing(target.ok ? target.tz : null, at);
      if (!when) return;
      const key = `${when.known}:${when.timeZone}`;
      const group = groups.get(key) ?? {
        timeZone: when.timeZone,
        known: when.known,
        count: 0,
        at: when.at.toISOString(),
      };
      group.count += 1;
      groups.set(key, group);
    };
    const sorted = () =>
      [...groups.values()].sort(
        (a, b) =>
          a.at.localeCompare(b.at) ||
          a.timeZone.localeCompare(b.timeZone) ||
          Number(b.known) - Number(a.known),
      );
    return { add, groups: sorted };
  }

  async function start(
    request: CampaignRequest,
    sender: Sender,
    options: { scheduleKey?: string } = {},
  ): Promise<{ campaignId: number; created: boolean; recipients: number }> {
    authorize(sender);
    templateFor(request);
    if (options.scheduleKey) {
      const existing = await campaigns.campaignByScheduleKey(options.scheduleKey);
      if (existing) return { campaignId: existing.id, created: false, recipients: existing.recipients };
    }
    let deliveries: NewDelivery[];
    if (request.kind === 'announcement') {
      deliveries = [{ personId: null, target: request.channel }];
    } else {
      await deps.directory.refreshIfStale();
      // Page by page: only the small delivery rows are kept until they are written in one transaction.
      deliveries = [];
      const at = now();
      for await (const page of audiencePages(deps.store, content, request.audience, at)) {
        const resolve = await deps.directory.resolverFor(page.map((r) => r.person));
        for (const { person } of page) {
          const target = resolve(person);
          const when = timing(target.ok ? target.tz : null, at);
          deliveries.push({
            personId: person.id,
            target: target.ok ? target.userId : null,
            ...(when ? { timeZone: when.timeZone, sendAfter: when.at.toISOString() } : {}),
          });
        }
      }
    }
    const id = await campaigns.createCampaign({
      kind: request.kind,
      createdBy: sender.id,
      spec: request,
      recipients: deliveries.length,
      deliveries,
      ...(options.scheduleKey ? { scheduleKey: options.scheduleKey } : {}),
    });
    if (id === null) {
      // Another process wrote the same scheduled reminder between our check and our insert.
      const existing = await campaigns.campaignByScheduleKey(options.scheduleKey ?? '');
      if (!existing) throw new CampaignError(`Could not record the campaign for "${options.scheduleKey}".`);
      return { campaignId: existing.id, created: false, recipients: existing.recipients };
    }
    return { campaignId: id, created: true, recipients: deliveries.length };
  }

  /**
   * The people of a page of deliveries and their Slack accounts, read in three queries rather than a few per
   * delivery. Read as the page is fetched: a change to the roster or the directory after that reaches the
   * next page (the claim itself is still made per delivery, as its call starts).
   */
  async function pageLookup(page: readonly DeliveryRow[]): Promise<PageLookup> {
    const emails = page.flatMap((row) => (row.email ? [row.email] : []));
    const people = new Map<string, Person>();
    for (const person of await deps.store.listPeople({ active: 'any', emails }))
      people.set(person.profile.email, person);
    const target = await deps.directory.resolverFor([...people.values()]);
    return { person: (email) => people.get(email) ?? null, target };
  }

  /** The message for one delivery, decided now; null after recording why it is skipped or failed. */
  async function prepare(
    campaign: CampaignRecord,
    request: CampaignRequest,
    template: ReminderTemplate,
    row: DeliveryRow,
    lookup: PageLookup,
  ): Promise<OutgoingMessage | null> {
    const key = newKey();
    const tracking = { deliveryKey: key, campaignId: campaign.id };
    try {
      if (request.kind === 'announcement') {
        const group = groupOf(request.group);
        const body = renderTemplate(content, template, { status: null, ...(group ? { group } : {}) });
        if (!(await campaigns.claim(row.id, key, request.channel))) return null;
        return {
          channel: request.channel,
          message: messageFor(template, { body, ...note(request) }),
          ...tracking,
        };
      }
      const hours = content.reminders.schedule.recipientHours;
      if (hours && row.timeZone && !insideHours(now(), row.timeZone, hours)) {
        // Their hours ended before their turn came (a long queue, a restart): the next opening, not now.
        await campaigns.defer(row.id, nextSendMoment(now(), row.timeZone, hours).toISOString());
        return null;
      }
      const person = row.email ? lookup.person(row.email) : null;
      if (!person?.active) {
        await campaigns.markSkipped(row.id, LEFT_THE_ROSTER);
        return null;
      }
      const status = evaluateStatus(person.profile, content, now());
      if (!matchesAudience(status, request.audience)) {
        await campaigns.markSkipped(row.id, status.completed ? COMPLETED_SINCE : NO_LONGER_MATCHES);
        return null;
      }
      const target = lookup.target(person);
      if (!target.ok) {
        await campaigns.markSkipped(row.id, target.reason);
        return null;
      }
      const body = renderTemplate(content, template, {
        status,
        ...(person.profile.name ? { name: person.profile.name } : {}),
      });
      if (!(await campaigns.claim(row.id, key, target.userId))) return null;
      return {
        channel: target.userId,
        message: messageFor(template, { body, ...note(request) }),
        ...tracking,
      };
    } catch (error) {
      if (!(error instanceof TemplateError)) throw error;
      await campaigns.markFailed(row.id, `template: ${error.message}`);
      return null;
    }
  }

  async function summary(campaignId: number): Promise<CampaignSummary> {
    const campaign = await campaigns.campaign(campaignId);
    if (!campaign) throw new CampaignError(`No campaign #${campaignId}.`);
    const request = campaign.spec as CampaignRequest;
    const templateName =
      content.reminders.templates.find((t) => t.id === request.template)?.name ?? request.template;
    return {
      campaignId,
      templateName,
      counts: await campaigns.counts(campaignId),
      done: campaign.finishedAt !== null,
      stoppedReason: campaign.stoppedReason,
      reasons: await campaigns.reasons(campaignId),
      recovered: { confirmed: 0, resent: 0, unconfirmed: 0 },
    };
  }

  async function run(campaignId: number, options: RunOptions = {}): Promise<CampaignSummary> {
    const campaign = await campaigns.campaign(campaignId);
    if (!campaign) throw new CampaignError(`No campaign #${campaignId}.`);
    if (campaign.finishedAt !== null) return summary(campaignId);
    // A second run here would take the first one's in-flight deliveries for a crash's and send them again.
    if (runningHere.has(campaignId)) return { ...(await summary(campaignId)), elsewhere: true };
    const lease = deps.leaseFor?.(campaignId) ?? null;
    if (lease && !(await lease.held())) return { ...(await summary(campaignId)), elsewhere: true };
    runningHere.add(campaignId);
    // Renewed while sending; once lost (this process stalled past the TTL and another took over), nothing
    // more is claimed here and the campaign is left for its new holder to finish.
    const state = { lost: false };
    const keepAlive = lease
      ? setInterval(() => {
          lease.held().then(
            (held) => {
              if (!held) state.lost = true;
            },
            () => {
              state.lost = true;
            },
          );
        }, lease.renewEveryMs)
      : null;
    try {
      return await send(campaign, options, state);
    } finally {
      runningHere.delete(campaignId);
      if (keepAlive) clearInterval(keepAlive);
      if (lease && !state.lost) await lease.release().catch(() => {});
    }
  }

  async function send(
    campaign: CampaignRecord,
    options: RunOptions,
    state: { lost: boolean },
  ): Promise<CampaignSummary> {
    const campaignId = campaign.id;
    const request = campaign.spec as CampaignRequest;
    const template = findTemplate(content, request.template);
    const recovered = await recoverInDoubt({ campaigns, port: deps.port, settleMs, sleep }, campaign.id);

    const counts = await campaigns.counts(campaignId);
    const every = options.progressEveryMs ?? 2000;
    let lastProgress = Number.NEGATIVE_INFINITY;
    let progressing: Promise<void> = Promise.resolve();
    const progress = (done: boolean, stoppedReason: string | null) => {
      const at = now().getTime();
      if (!options.onProgress || (!done && at - lastProgress < every)) return;
      lastProgress = at;
      const snapshot: CampaignProgress = {
        campaignId,
        templateName: template.name,
        counts: { ...counts },
        done,
        stoppedReason,
      };
      // One at a time, in order: an older snapshot never overwrites a newer one.
      progressing = progressing.then(() => options.onProgress?.(snapshot)).catch(() => undefined);
    };
    const move = (from: keyof DeliveryCounts, to: keyof DeliveryCounts) => {
      counts[from] -= 1;
      counts[to] += 1;
    };

    let fatal: string | null = null;
    // Enough queued to keep the queue busy for about two seconds, not the whole audience in memory.
    const window = Math.max(16, Math.ceil((queue.ratePerMinute / 60) * 2));
    const inFlight = new Set<Promise<void>>();
    // Woken when a task ends and a place is free. (Promise.race over the set, once per delivery, added a
    // handler to each of the ~760 tasks every time: millions of reactions in a 20,000-person campaign.)
    let placeFree: (() => void) | null = null;
    progress(false, null);

    const sendOne = async (row: DeliveryRow, lookup: PageLookup) => {
      let claimed = false;
      const outcome = await queue.post({
        channel: row.target ?? `delivery:${row.id}`,
        prepare: async () => {
          if (fatal !== null || state.lost) return null;
          const message = await prepare(campaign, request, template, row, lookup);
          if (message) {
            claimed = true;
            move('pending', 'sending');
          } else {
            const after = await campaigns.delivery(row.id);
            if (after && after.status !== 'pending') move('pending', after.status);
          }
          return message;
        },
      });
      try {
        switch (outcome.status) {
          case 'sent':
            await campaigns.markSent(row.id, outcome.ts);
            move('sending', 'sent');
            break;
          case 'failed':
            await campaigns.markFailed(
              row.id,
              outcome.permanent ? outcome.error : `${outcome.error} (gave up after retries)`,
            );
            move('sending', 'failed');
            break;
          case 'unconfirmed':
            await campaigns.markFailed(row.id, unconfirmedAfter(outcome.error));
            move('sending', 'failed');
            break;
          case 'fatal':
            // Slack refused the app's token: the message did not go out.
            if (claimed) {
              await campaigns.release(row.id).catch(() => {});
              move('sending', 'pending');
            }
            fatal ??= outcome.error;
            break;
          case 'cancelled':
            if (claimed) move('sending', 'pending');
            break;
          default:
            outcome satisfies never;
        }
      } catch (error) {
        // The outcome could not be recorded (the database stopped answering): the delivery stays as it was
        // claimed, and the run stops here. When it is resumed, a delivery left "sending" is looked up in Slack
        // before anything is sent again, so no one gets the message twice.
        fatal ??= `${DATABASE_UNAVAILABLE}: ${error instanceof Error ? error.message : String(error)}`;
      }
      progress(false, null);
    };

    // With recipient hours, a pass sends those whose moment has come, then waits for the next moment.
    const timed = content.reminders.schedule.recipientHours !== undefined;
    for (;;) {
      const dueBy = timed ? now().toISOString() : undefined;
      let afterId = 0;
      pages: while (fatal === null && !state.lost) {
        const page = await campaigns.pendingDeliveries(campaignId, afterId, pageSize, dueBy);
        if (page.length === 0) break;
        const lookup = request.kind === 'reminder' ? await pageLookup(page) : NO_LOOKUP;
        for (const row of page) {
          if (fatal !== null || state.lost) break pages;
          afterId = row.id;
          const task = sendOne(row, lookup).finally(() => {
            inFlight.delete(task);
            placeFree?.();
            placeFree = null;
          });
          inFlight.add(task);
          if (inFlight.size >= window)
            await new Promise<void>((resolve) => {
              placeFree = resolve;
            });
        }
      }
      await Promise.all(inFlight);
      if (!timed || fatal !== null || state.lost) break;
      const next = await campaigns.nextSendAfter(campaignId);
      if (next === null) break;
      const wait = new Date(next).getTime() - now().getTime();
      if (wait > 0) await sleep(wait);
    }

    if (state.lost) return { ...(await summary(campaignId)), recovered, elsewhere: true };
    if (fatal !== null) await campaigns.stop(campaignId, fatal);
    else await campaigns.finish(campaignId);
    const final = await campaigns.counts(campaignId);
    Object.assign(counts, final);
    progress(fatal === null, fatal);
    await progressing;
    return { ...(await summary(campaignId)), recovered };
  }

  return {
    preview,
    describe,
    async dryRun(request, sender) {
      const result = await preview(request, sender);
      const campaignId = await campaigns.createCampaign({
        kind: request.kind,
        createdBy: sender.id,
        spec: request,
        dryRun: true,
        recipients: result.count,
        deliveries: [],
      });
      if (campaignId === null) throw new CampaignError('Could not record the dry run.');
      return { ...result, campaignId };
    },
    start,
    run,
    summary,
    async resumeUnfinished(options = {}) {
      const { olderThanMs = 0, ...runOptions } = options;
      const due = (await campaigns.unfinishedCampaigns()).filter(
        (campaign) => Date.now() - new Date(campaign.createdAt).getTime() >= olderThanMs,
      );
      // With recipient hours a run may wait hours for a time zone: side by side, so it holds back no other.
      if (content.reminders.schedule.recipientHours)
        return Promise.all(due.map((campaign) => run(campaign.id, runOptions)));
      const results: CampaignSummary[] = [];
      for (const campaign of due) results.push(await run(campaign.id, runOptions));
      return results;
    },
  };
}
