// One delivery's message, decided as its turn comes: the person still on the roster, still in the audience,
// inside their hours and reachable in Slack, else the reason it is skipped; then claimed with a fresh attempt key
// just before its call, so that a restart knows it was in flight (recovery.ts).
import type { ReminderTemplate } from '../content/schemas.js';
import { evaluateStatus } from '../rules/index.js';
import type { CampaignRecord, DeliveryRow } from '../store/campaigns.js';
import type { Person } from '../store/index.js';
import { matchesAudience } from './audience.js';
import { type CampaignContext, messageFor, noteOf } from './campaign-context.js';
import { NO_SLACK_ACCOUNT, type SlackTarget } from './directory.js';
import type { OutgoingMessage } from './port.js';
import { type CampaignRequest, requestGroup } from './requests.js';
import { insideHours, nextSendMoment } from './send-window.js';
import { renderTemplate, TemplateError } from './templates.js';

export const LEFT_THE_ROSTER = 'left the roster';
export const COMPLETED_SINCE = 'completed since the campaign started';
export const NO_LONGER_MATCHES = 'no longer matches the audience';

/** A page's people and their Slack accounts (see pageLookup). */
export interface PageLookup {
  person(email: string): Person | null;
  target(person: Person): SlackTarget;
}

/** An announcement's page: it goes to a channel, nobody is looked up. */
export const NO_LOOKUP: PageLookup = {
  person: () => null,
  target: () => ({ ok: false, reason: NO_SLACK_ACCOUNT }),
};

/**
 * The people of a page of deliveries and their Slack accounts, read in three queries rather than a few per
 * delivery. Read as the page is fetched: a change to the roster or the directory after that reaches the
 * next page (the claim itself is still made per delivery, as its call starts).
 */
export async function pageLookup(ctx: CampaignContext, page: readonly DeliveryRow[]): Promise<PageLookup> {
  const emails = page.flatMap((row) => (row.email ? [row.email] : []));
  const people = new Map<string, Person>();
  for (const person of await ctx.store.listPeople({ active: 'any', emails }))
    people.set(person.profile.email, person);
  const target = await ctx.directory.resolverFor([...people.values()]);
  return { person: (email) => people.get(email) ?? null, target };
}

/** The message for one delivery, decided now; null after recording why it is skipped or failed. */
export async function prepareDelivery(
  ctx: CampaignContext,
  campaign: CampaignRecord,
  request: CampaignRequest,
  template: ReminderTemplate,
  row: DeliveryRow,
  lookup: PageLookup,
): Promise<OutgoingMessage | null> {
  const { content, campaigns, now } = ctx;
  const key = ctx.newKey();
  const tracking = { deliveryKey: key, campaignId: campaign.id };
  try {
    if (request.kind === 'announcement') {
      const group = requestGroup(content, request.group);
      const body = renderTemplate(content, template, { status: null, ...(group ? { group } : {}) });
      if (!(await campaigns.claim(row.id, key, request.channel))) return null;
      return {
        channel: request.channel,
        message: messageFor(template, { body, ...noteOf(request) }),
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
      message: messageFor(template, { body, ...noteOf(request) }),
      ...tracking,
    };
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    await campaigns.markFailed(row.id, `template: ${error.message}`);
    return null;
  }
}
