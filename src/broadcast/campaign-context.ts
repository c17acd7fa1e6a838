// What every step of a campaign works with (the broadcaster's dependencies, defaults filled in), and the small
// rules the steps share: who may send, which message a template makes, when a recipient's hours allow it.
import type { Content } from '../content/load.js';
import type { ReminderTemplate } from '../content/schemas.js';
import type { Lease } from '../jobs/lease.js';
import type { CampaignRepository } from '../store/campaigns.js';
import type { Store } from '../store/index.js';
import type { Message } from '../text/reply.js';
import type { SlackDirectory } from './directory.js';
import { announcementMessage, type ReminderMessageInput, reminderMessage } from './messages.js';
import type { BroadcastPort } from './port.js';
import type { DeliveryQueue } from './queue.js';
import { type CampaignRequest, mayBroadcast, NotAllowedError, type Sender } from './requests.js';
import { nextSendMoment, recipientZone } from './send-window.js';

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

/** The broadcaster's dependencies with their defaults filled in, and the campaigns this process is sending. */
export type CampaignContext = Required<Omit<BroadcasterDeps, 'leaseFor'>> &
  Pick<BroadcasterDeps, 'leaseFor'> & {
    /** Campaigns a run in this process is sending now. */
    runningHere: Set<number>;
  };

/** Refuses a person without a grant that allows broadcasts; the system (the scheduler, the CLI) may always. */
export function authorize(sender: Sender): void {
  if (sender.kind === 'person' && !mayBroadcast(sender.grants)) throw new NotAllowedError(sender.id);
}

export function messageFor(template: ReminderTemplate, input: ReminderMessageInput): Message {
  return template.kind === 'announcement' ? announcementMessage(input) : reminderMessage(input);
}

/** The sender's note, when the request has one, as messageFor takes it. */
export function noteOf(request: CampaignRequest): { note?: string } {
  return request.note ? { note: request.note } : {};
}

/** Where a recipient is and when theirs may go out; null when content sets no recipient hours. */
export function sendMoment(content: Content, tz: string | null, at: Date) {
  const hours = content.reminders.schedule.recipientHours;
  if (!hours) return null;
  const zone = recipientZone(tz, content.schedule.cycle.timeZone);
  return { ...zone, at: nextSendMoment(at, zone.timeZone, hours) };
}
