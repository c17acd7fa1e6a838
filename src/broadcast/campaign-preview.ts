// What a campaign would do, before anything is written: how many it reaches, per group and per time zone, and
// the message as its first recipient would see it.
import type { Person } from '../store/index.js';
import type { Message } from '../text/reply.js';
import { audiencePages, createGroupCounter, type GroupCount, type Recipient } from './audience.js';
import { authorize, type CampaignContext, messageFor, noteOf, sendMoment } from './campaign-context.js';
import {
  CampaignError,
  type CampaignRequest,
  describeRequest,
  requestGroup,
  requestTemplate,
  type Sender,
} from './requests.js';
import { firstNameOf, renderTemplate } from './templates.js';

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

export async function previewCampaign(
  ctx: CampaignContext,
  request: CampaignRequest,
  sender: Sender,
): Promise<Preview> {
  const { content } = ctx;
  authorize(sender);
  const template = requestTemplate(content, request);
  const base = {
    request,
    template: { id: template.id, name: template.name },
    description: describeRequest(content, request),
  };
  if (request.kind === 'announcement') {
    const group = requestGroup(content, request.group);
    const body = renderTemplate(content, template, { status: null, ...(group ? { group } : {}) });
    return {
      ...base,
      count: 1,
      byGroup: [],
      sendTimes: [],
      sample: { firstName: 'the channel', message: messageFor(template, { body, ...noteOf(request) }) },
    };
  }
  // Read a page at a time: counts, zones and the first recipient, never the whole audience at once.
  const at = ctx.now();
  const groups = createGroupCounter(content);
  const zones = createSendTimes(ctx);
  let first: Recipient | undefined;
  let count = 0;
  for await (const page of audiencePages(ctx.store, content, request.audience, at)) {
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
          ...noteOf(request),
        }),
      }
    : null;
  return { ...base, count, byGroup: groups.byGroup(), sendTimes: zones.groups(), sample };
}

/** Recipients per time zone and when theirs would go out, from the directory as cached (no Slack call). */
function createSendTimes(ctx: CampaignContext) {
  const { content } = ctx;
  const groups = new Map<string, SendTimeGroup>();
  const add = async (person: Person, at: Date) => {
    if (!content.reminders.schedule.recipientHours) return;
    const target = await ctx.directory.resolve(person);
    // A zone the directory does not know is the cycle's.
    const when = sendMoment(content, target.ok ? target.tz : null, at);
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
        a.at.localeCompare(b.at) || a.timeZone.localeCompare(b.timeZone) || Number(b.known) - Number(a.known),
    );
  return { add, groups: sorted };
}

/** A preview that leaves an audit record (dry_run = 1) and sends nothing. */
export async function dryRunCampaign(
  ctx: CampaignContext,
  request: CampaignRequest,
  sender: Sender,
): Promise<Preview & { campaignId: number }> {
  const result = await previewCampaign(ctx, request, sender);
  const campaignId = await ctx.campaigns.createCampaign({
    kind: request.kind,
    createdBy: sender.id,
    spec: request,
    dryRun: true,
    recipients: result.count,
    deliveries: [],
  });
  if (campaignId === null) throw new CampaignError('Could not record the dry run.');
  return { ...result, campaignId };
}
