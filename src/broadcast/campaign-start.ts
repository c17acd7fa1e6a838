// Writing a campaign: the audience resolved now (Slack ids from the directory, each recipient's send moment) and
// one pending delivery per recipient, in one transaction. A scheduled reminder is written once per schedule key.
import type { NewDelivery } from '../store/campaigns.js';
import { audiencePages } from './audience.js';
import { authorize, type CampaignContext, sendMoment } from './campaign-context.js';
import {
  CampaignError,
  type CampaignRequest,
  type ReminderRequest,
  requestTemplate,
  type Sender,
} from './requests.js';

export interface Started {
  campaignId: number;
  created: boolean;
  recipients: number;
}

export async function startCampaign(
  ctx: CampaignContext,
  request: CampaignRequest,
  sender: Sender,
  options: { scheduleKey?: string } = {},
): Promise<Started> {
  const { campaigns } = ctx;
  authorize(sender);
  requestTemplate(ctx.content, request);
  if (options.scheduleKey) {
    const existing = await campaigns.campaignByScheduleKey(options.scheduleKey);
    if (existing) return { campaignId: existing.id, created: false, recipients: existing.recipients };
  }
  const deliveries: NewDelivery[] =
    request.kind === 'announcement'
      ? [{ personId: null, target: request.channel }]
      : await reminderDeliveries(ctx, request);
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

/** One delivery per person of the audience, with their Slack id (users.list when the cache is stale). */
async function reminderDeliveries(ctx: CampaignContext, request: ReminderRequest): Promise<NewDelivery[]> {
  await ctx.directory.refreshIfStale();
  // Page by page: only the small delivery rows are kept until they are written in one transaction.
  const deliveries: NewDelivery[] = [];
  const at = ctx.now();
  for await (const page of audiencePages(ctx.store, ctx.content, request.audience, at)) {
    const resolve = await ctx.directory.resolverFor(page.map((r) => r.person));
    for (const { person } of page) {
      const target = resolve(person);
      const when = sendMoment(ctx.content, target.ok ? target.tz : null, at);
      deliveries.push({
        personId: person.id,
        target: target.ok ? target.userId : null,
        ...(when ? { timeZone: when.timeZone, sendAfter: when.at.toISOString() } : {}),
      });
    }
  }
  return deliveries;
}
