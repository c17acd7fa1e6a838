// Sending a written campaign: under its lease (one process at a time), the deliveries left in flight by a crash
// checked first (recovery.ts), then every pending delivery through the paced queue, a page at a time, with the
// counts kept for progress messages; with recipient hours, pass after pass as each time zone's moment comes.
import type { CampaignRecord, DeliveryCounts, DeliveryRow } from '../store/campaigns.js';
import type { CampaignContext } from './campaign-context.js';
import { NO_LOOKUP, type PageLookup, pageLookup, prepareDelivery } from './campaign-delivery.js';
import { DATABASE_UNAVAILABLE, type PostOutcome } from './queue.js';
import { type Recovered, recoverInDoubt, unconfirmedAfter } from './recovery.js';
import { CampaignError, type CampaignRequest } from './requests.js';
import { findTemplate } from './templates.js';

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

export async function campaignSummary(ctx: CampaignContext, campaignId: number): Promise<CampaignSummary> {
  const { campaigns } = ctx;
  const campaign = await campaigns.campaign(campaignId);
  if (!campaign) throw new CampaignError(`No campaign #${campaignId}.`);
  const request = campaign.spec as CampaignRequest;
  const templateName =
    ctx.content.reminders.templates.find((t) => t.id === request.template)?.name ?? request.template;
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

/** Whether this run still holds the campaign: once lost, nothing more is claimed here. */
interface Holding {
  lost: boolean;
}

/** Sends every pending delivery of a campaign through the queue; safe to call again after a crash. */
export async function runCampaign(
  ctx: CampaignContext,
  campaignId: number,
  options: RunOptions = {},
): Promise<CampaignSummary> {
  const campaign = await ctx.campaigns.campaign(campaignId);
  if (!campaign) throw new CampaignError(`No campaign #${campaignId}.`);
  if (campaign.finishedAt !== null) return campaignSummary(ctx, campaignId);
  // A second run here would take the first one's in-flight deliveries for a crash's and send them again.
  if (ctx.runningHere.has(campaignId))
    return { ...(await campaignSummary(ctx, campaignId)), elsewhere: true };
  const lease = ctx.leaseFor?.(campaignId) ?? null;
  if (lease && !(await lease.held())) return { ...(await campaignSummary(ctx, campaignId)), elsewhere: true };
  ctx.runningHere.add(campaignId);
  // Renewed while sending; once lost (this process stalled past the TTL and another took over), nothing
  // more is claimed here and the campaign is left for its new holder to finish.
  const holding: Holding = { lost: false };
  const keepAlive = lease
    ? setInterval(() => {
        lease.held().then(
          (held) => {
            if (!held) holding.lost = true;
          },
          () => {
            holding.lost = true;
          },
        );
      }, lease.renewEveryMs)
    : null;
  try {
    return await sendCampaign(ctx, campaign, options, holding);
  } finally {
    ctx.runningHere.delete(campaignId);
    if (keepAlive) clearInterval(keepAlive);
    if (lease && !holding.lost) await lease.release().catch(() => {});
  }
}

/**
 * Runs every campaign a crash or a refused token left unfinished. `olderThanMs` leaves out those created
 * more recently: the process that created one is about to run it (the periodic sweep of several replicas).
 */
export async function resumeUnfinishedCampaigns(
  ctx: CampaignContext,
  options: RunOptions & { olderThanMs?: number } = {},
): Promise<CampaignSummary[]> {
  const { olderThanMs = 0, ...runOptions } = options;
  const due = (await ctx.campaigns.unfinishedCampaigns()).filter(
    (campaign) => Date.now() - new Date(campaign.createdAt).getTime() >= olderThanMs,
  );
  // With recipient hours a run may wait hours for a time zone: side by side, so it holds back no other.
  if (ctx.content.reminders.schedule.recipientHours)
    return Promise.all(due.map((campaign) => runCampaign(ctx, campaign.id, runOptions)));
  const results: CampaignSummary[] = [];
  for (const campaign of due) results.push(await runCampaign(ctx, campaign.id, runOptions));
  return results;
}

/** The counts as the run moves deliveries along, and the progress calls they make (at most one per `every`). */
function createProgress(
  ctx: CampaignContext,
  campaignId: number,
  templateName: string,
  counts: DeliveryCounts,
  options: RunOptions,
) {
  const every = options.progressEveryMs ?? 2000;
  let lastProgress = Number.NEGATIVE_INFINITY;
  let progressing: Promise<void> = Promise.resolve();
  return {
    counts,
    move(from: keyof DeliveryCounts, to: keyof DeliveryCounts) {
      counts[from] -= 1;
      counts[to] += 1;
    },
    report(done: boolean, stoppedReason: string | null) {
      const at = ctx.now().getTime();
      if (!options.onProgress || (!done && at - lastProgress < every)) return;
      lastProgress = at;
      const snapshot: CampaignProgress = {
        campaignId,
        templateName,
        counts: { ...counts },
        done,
        stoppedReason,
      };
      // One at a time, in order: an older snapshot never overwrites a newer one.
      progressing = progressing.then(() => options.onProgress?.(snapshot)).catch(() => undefined);
    },
    /** Resolves once every progress call made so far has ended. */
    settled: () => progressing,
  };
}

type Progress = ReturnType<typeof createProgress>;

/** One run's sending: what each delivery needs, and why the run stops (`fatal`: a refused token, the database). */
interface SendRun {
  campaign: CampaignRecord;
  request: CampaignRequest;
  template: ReturnType<typeof findTemplate>;
  holding: Holding;
  progress: Progress;
  fatal: string | null;
}

async function sendCampaign(
  ctx: CampaignContext,
  campaign: CampaignRecord,
  options: RunOptions,
  holding: Holding,
): Promise<CampaignSummary> {
  const { campaigns, content } = ctx;
  const campaignId = campaign.id;
  const request = campaign.spec as CampaignRequest;
  const template = findTemplate(content, request.template);
  const recovered = await recoverInDoubt(
    { campaigns, port: ctx.port, settleMs: ctx.settleMs, sleep: ctx.sleep },
    campaign.id,
  );
  const progress = createProgress(
    ctx,
    campaignId,
    template.name,
    await campaigns.counts(campaignId),
    options,
  );
  const sending: SendRun = { campaign, request, template, holding, progress, fatal: null };
  progress.report(false, null);

  // With recipient hours, a pass sends those whose moment has come, then waits for the next moment.
  const timed = content.reminders.schedule.recipientHours !== undefined;
  for (;;) {
    await sendPass(ctx, sending, timed ? ctx.now().toISOString() : undefined);
    if (!timed || sending.fatal !== null || holding.lost) break;
    const next = await campaigns.nextSendAfter(campaignId);
    if (next === null) break;
    const wait = new Date(next).getTime() - ctx.now().getTime();
    if (wait > 0) await ctx.sleep(wait);
  }

  if (holding.lost) return { ...(await campaignSummary(ctx, campaignId)), recovered, elsewhere: true };
  const { fatal } = sending;
  if (fatal !== null) await campaigns.stop(campaignId, fatal);
  else await campaigns.finish(campaignId);
  Object.assign(progress.counts, await campaigns.counts(campaignId));
  progress.report(fatal === null, fatal);
  await progress.settled();
  return { ...(await campaignSummary(ctx, campaignId)), recovered };
}

/** Every pending delivery due by `dueBy` (all of them without it), a page at a time, a window in flight. */
async function sendPass(ctx: CampaignContext, sending: SendRun, dueBy: string | undefined): Promise<void> {
  const { campaign, request, holding } = sending;
  // Enough queued to keep the queue busy for about two seconds, not the whole audience in memory.
  const window = Math.max(16, Math.ceil((ctx.queue.ratePerMinute / 60) * 2));
  const inFlight = new Set<Promise<void>>();
  // Woken when a task ends and a place is free. (Promise.race over the set, once per delivery, added a
  // handler to each of the ~760 tasks every time: millions of reactions in a 20,000-person campaign.)
  let placeFree: (() => void) | null = null;
  let afterId = 0;
  pages: while (sending.fatal === null && !holding.lost) {
    const page = await ctx.campaigns.pendingDeliveries(campaign.id, afterId, ctx.pageSize, dueBy);
    if (page.length === 0) break;
    const lookup = request.kind === 'reminder' ? await pageLookup(ctx, page) : NO_LOOKUP;
    for (const row of page) {
      if (sending.fatal !== null || holding.lost) break pages;
      afterId = row.id;
      const task = sendDelivery(ctx, sending, row, lookup).finally(() => {
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
}

/** One delivery through the queue, its outcome recorded. */
async function sendDelivery(
  ctx: CampaignContext,
  sending: SendRun,
  row: DeliveryRow,
  lookup: PageLookup,
): Promise<void> {
  const { campaigns } = ctx;
  const { progress } = sending;
  let claimed = false;
  const outcome = await ctx.queue.post({
    channel: row.target ?? `delivery:${row.id}`,
    prepare: async () => {
      if (sending.fatal !== null || sending.holding.lost) return null;
      const message = await prepareDelivery(
        ctx,
        sending.campaign,
        sending.request,
        sending.template,
        row,
        lookup,
      );
      if (message) {
        claimed = true;
        progress.move('pending', 'sending');
      } else {
        const after = await campaigns.delivery(row.id);
        if (after && after.status !== 'pending') progress.move('pending', after.status);
      }
      return message;
    },
  });
  try {
    await recordOutcome(ctx, sending, row, outcome, claimed);
  } catch (error) {
    // The outcome could not be recorded (the database stopped answering): the delivery stays as it was
    // claimed, and the run stops here. When it is resumed, a delivery left "sending" is looked up in Slack
    // before anything is sent again, so no one gets the message twice.
    sending.fatal ??= `${DATABASE_UNAVAILABLE}: ${error instanceof Error ? error.message : String(error)}`;
  }
  progress.report(false, null);
}

async function recordOutcome(
  ctx: CampaignContext,
  sending: SendRun,
  row: DeliveryRow,
  outcome: PostOutcome,
  claimed: boolean,
): Promise<void> {
  const { campaigns } = ctx;
  const { move } = sending.progress;
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
      sending.fatal ??= outcome.error;
      break;
    case 'cancelled':
      if (claimed) move('sending', 'pending');
      break;
    default:
      outcome satisfies never;
  }
}
