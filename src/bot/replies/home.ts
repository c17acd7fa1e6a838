// The App Home: the viewer's status card, the schedule, the modules, the FAQ by category (each opens an
// answer), the contacts, and the privacy notice.
import type { Content } from '../../content/load.js';
import type { PersonalStatus } from '../../rules/index.js';
import { divider, type Home, heading } from '../../text/reply.js';
import {
  CONTACTS_HEADING,
  contactsParts,
  faqParts,
  MODULES_HEADING,
  modulesParts,
  scheduleHeading,
  scheduleParts,
} from './info.js';
import { noRecordParts } from './no-record.js';
import { privacyNote } from './privacy.js';
import { STATUS_HEADING, statusParts } from './status.js';

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
