// Campaigns: a reminder to an audience or an announcement to a channel, from preview to the last delivery.
// Every delivery row is written before the first message; each is claimed with an attempt key just before its
// call, so a restart knows exactly which messages were in flight and checks for them (recovery.ts).
import { randomUUID } from 'node:crypto';
import type { BroadcasterDeps, CampaignContext } from './campaign-context.js';
import { dryRunCampaign, type Preview, previewCampaign } from './campaign-preview.js';
import {
  type CampaignSummary,
  campaignSummary,
  type RunOptions,
  resumeUnfinishedCampaigns,
  runCampaign,
} from './campaign-run.js';
import { startCampaign } from './campaign-start.js';
import { type CampaignRequest, describeRequest, type Sender } from './requests.js';

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

export type { BroadcasterDeps } from './campaign-context.js';
export { COMPLETED_SINCE, LEFT_THE_ROSTER, NO_LONGER_MATCHES } from './campaign-delivery.js';
export type { Preview, SendTimeGroup } from './campaign-preview.js';
export type { CampaignProgress, CampaignSummary, RunOptions } from './campaign-run.js';

/**
 * The campaigns' steps, each in its module: preview and dry run (campaign-preview.ts), writing a campaign
 * (campaign-start.ts), deciding each delivery (campaign-delivery.ts), sending and resuming (campaign-run.ts).
 */
export function createBroadcaster(deps: BroadcasterDeps): Broadcaster {
  const ctx: CampaignContext = {
    store: deps.store,
    campaigns: deps.campaigns,
    content: deps.content,
    queue: deps.queue,
    port: deps.port,
    directory: deps.directory,
    now: deps.now ?? (() => new Date()),
    newKey: deps.newKey ?? randomUUID,
    pageSize: deps.pageSize ?? 500,
    settleMs: deps.settleMs ?? 45_000,
    sleep: deps.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms))),
    ...(deps.leaseFor ? { leaseFor: deps.leaseFor } : {}),
    runningHere: new Set(),
  };
  return {
    preview: (request, sender) => previewCampaign(ctx, request, sender),
    describe: (request) => describeRequest(deps.content, request),
    dryRun: (request, sender) => dryRunCampaign(ctx, request, sender),
    start: (request, sender, options) => startCampaign(ctx, request, sender, options),
    run: (campaignId, options) => runCampaign(ctx, campaignId, options),
    summary: (campaignId) => campaignSummary(ctx, campaignId),
    resumeUnfinished: (options) => resumeUnfinishedCampaigns(ctx, options),
  };
}
