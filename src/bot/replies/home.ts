// The App Home: the viewer's status card, the schedule, the modules, the FAQ by category (each opens an
// answer), the contacts, and the privacy notice.
import type { Content } from '../../content/load.js';
import type { FaqCategory } from '../../content/schemas.js';
import type { PersonalStatus } from '../../rules/index.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { button, divider, type Home, heading, type Part, text } from '../../text/reply.js';
import {
  CONTACTS_HEADING,
  contactsParts,
  MODULES_HEADING,
  modulesParts,
  scheduleHeading,
  scheduleParts,
} from './info.js';
import { noRecordParts } from './no-record.js';
import { privacyNote } from './privacy.js';
import { STATUS_HEADING, statusParts } from './status.js';

export const FAQ_CATEGORY_TITLE: Record<FaqCategory, string> = {
  schedule: 'Schedule',
  requirement: 'Requirement questions',
  content: 'Content questions',
};

/** The category order on the Home tab. */
const CATEGORY_ORDER: readonly FaqCategory[] = ['schedule', 'requirement', 'content'];

export const FAQ_BUTTON_TEXT = 'Answer';
/** Where the Home says the rest is, when it has more than fits. */
export const HOME_OVERFLOW = 'More questions: send me a DM.';

export interface HomeInput {
  content: Content;
  /** The viewer's status, or null when the roster has no record for them. */
  status: PersonalStatus | null;
  /** The day (YYYY-MM-DD in the cycle's zone) the schedule marks as today. */
  today: string;
  /** The privacy notice, one line per element. */
  privacy: readonly string[];
  /** The database could not be read: the status card says so instead of "no record". */
  recordsUnavailable?: boolean;
}

export function faqParts(content: Content): Part[] {
  const parts: Part[] = [];
  for (const category of CATEGORY_ORDER) {
    const entries = content.faq.entries.filter((e) => e.category === category);
    if (entries.length === 0) continue;
    parts.push(text(`*${FAQ_CATEGORY_TITLE[category]}*`));
    for (const entry of entries) {
      parts.push(
        text(escapeMrkdwn(entry.question), button(FAQ_BUTTON_TEXT, { kind: 'open-faq', faqId: entry.id })),
      );
    }
  }
  return parts;
}

export function home(input: HomeInput): Home {
  const { content, status, today } = input;
  const card = status
    ? statusParts(status, content, { offerCheck: true })
    : noRecordParts(content, { unavailable: input.recordsUnavailable === true });
  return {
    parts: [
      heading(STATUS_HEADING),
      ...card,
      divider(),
      heading(scheduleHeading(content)),
      ...scheduleParts(content, { today, groupId: status?.group?.id ?? null }),
      divider(),
      heading(MODULES_HEADING),
      ...modulesParts(content),
      divider(),
      heading('Frequently asked questions'),
      ...faqParts(content),
      divider(),
      heading(CONTACTS_HEADING),
      ...contactsParts(content),
      divider(),
      privacyNote(input.privacy),
    ],
  };
}
