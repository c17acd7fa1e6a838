// What an admin (or the scheduler) asks for: a reminder to an audience or an announcement to a channel, who
// asks, and the checks a request must pass before anything is written or sent.
import type { Content } from '../content/load.js';
import type { ReminderTemplate, TrainingGroup } from '../content/schemas.js';
import { AppError } from '../errors.js';
import { type AccessGrant, isAdmin } from '../rules/index.js';
import { NOT_ALLOWED_TEXT } from '../text/messages.js';
import { type AudienceSpec, checkTemplateFits, validateAudience } from './audience.js';
import { findTemplate, placeholdersIn } from './templates.js';

export { NOT_ALLOWED_TEXT };

export interface ReminderRequest {
  kind: 'reminder';
  audience: AudienceSpec;
  template: string;
  note?: string;
}

export interface AnnouncementRequest {
  kind: 'announcement';
  /** A channel the bot is in. */
  channel: string;
  template: string;
  /** The training group the announcement is about (for `{{group}}`, `{{window}}`…). */
  group?: string;
  note?: string;
}

export type CampaignRequest = ReminderRequest | AnnouncementRequest;

type Optional<T> = { [K in keyof T]?: T[K] | undefined };

/** A reminder request from a form's parts (the CLI flags, the composer modal): empty parts are left out. */
export function reminderRequest(
  parts: { template: string; state: AudienceSpec['state'] } & Optional<
    Omit<AudienceSpec, 'state'> & { note: string }
  >,
): ReminderRequest {
  const { template, state, withinDays, group, department, note } = parts;
  return {
    kind: 'reminder',
    template,
    audience: {
      state,
      ...(withinDays !== undefined ? { withinDays } : {}),
      ...(group ? { group } : {}),
      ...(department ? { department } : {}),
    },
    ...(note ? { note } : {}),
  };
}

/** An announcement request from a form's parts: empty parts are left out. */
export function announcementRequest(
  parts: { template: string; channel: string } & Optional<{ group: string; note: string }>,
): AnnouncementRequest {
  const { template, channel, group, note } = parts;
  return { kind: 'announcement', channel, template, ...(group ? { group } : {}), ...(note ? { note } : {}) };
}

/** Who asks: an admin (checked against their grants), or the app itself (scheduled reminders). */
export type Sender =
  | { kind: 'person'; id: string; grants: readonly AccessGrant[] }
  | { kind: 'system'; id: string };

export class NotAllowedError extends AppError {
  static override readonly code = 'broadcast_not_allowed';
  static override readonly expected = true;
  override name = 'NotAllowedError';
  constructor(readonly senderId: string) {
    super(NOT_ALLOWED_TEXT);
  }
}

export class CampaignError extends AppError {
  static override readonly code = 'campaign_invalid';
  static override readonly expected = true;
  override name = 'CampaignError';
}

/** Only training administrators send reminders and announcements. */
export const mayBroadcast = isAdmin;

/** The training group a request names; a CampaignError for an id the schedule does not have. */
export function requestGroup(content: Content, id: string | undefined): TrainingGroup | undefined {
  if (id === undefined) return undefined;
  const group = content.schedule.groups.find((g) => g.id === id);
  if (!group)
    throw new CampaignError(
      `Unknown training group "${id}": expected one of ${content.schedule.groups.map((g) => g.id).join(', ')}.`,
    );
  return group;
}

/** The template a request uses, after checking that the request makes sense with it. */
export function requestTemplate(content: Content, request: CampaignRequest): ReminderTemplate {
  const template = findTemplate(content, request.template);
  switch (request.kind) {
    case 'reminder':
      validateAudience(request.audience, content);
      checkTemplateFits(template, request.audience);
      break;
    case 'announcement': {
      if (template.kind !== 'announcement')
        throw new CampaignError(`Template "${template.id}" is a reminder to people, not an announcement.`);
      if (!/^[CG][A-Z0-9]+$/.test(request.channel))
        throw new CampaignError(`"${request.channel}" is not a channel id (C… or G…).`);
      const used = placeholdersIn(template);
      if (!request.group && ['group', 'window', 'windowStart', 'deadline'].some((p) => used.has(p)))
        throw new CampaignError(`Template "${template.id}" talks about a training group: pick one.`);
      requestGroup(content, request.group);
      break;
    }
    default:
      request satisfies never;
  }
  return template;
}

/** The request in words, for the preview and the audit. */
export function describeRequest(content: Content, request: CampaignRequest): string {
  switch (request.kind) {
    case 'reminder': {
      const a = request.audience;
      const state =
        a.daysLeft !== undefined
          ? `own deadline ${a.daysLeft.map((d) => (d >= 0 ? `in ${d}` : `${-d} late`)).join(' or ')} day(s)`
          : a.state === 'due_within'
            ? `due within ${a.withinDays} day(s)`
            : a.state.replaceAll('_', ' ');
      const parts = [
        `state: ${state}`,
        `group: ${a.group ? (requestGroup(content, a.group)?.name ?? a.group) : 'all'}`,
        `department: ${a.department ?? 'all'}`,
      ];
      return `Required people who have not completed, ${parts.join(', ')}`;
    }
    case 'announcement':
      return `Announcement to <#${request.channel}>${request.group ? ` about ${requestGroup(content, request.group)?.name}` : ''}`;
    default:
      return request satisfies never;
  }
}
