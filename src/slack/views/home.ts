// The App Home: the viewer's status card, the schedule, the modules, the FAQ by category (each opens an
// answer), the contacts, and one line on privacy.
import type { Content } from '../../content/load.js';
import type { FaqCategory } from '../../content/schemas.js';
import type { PersonalStatus } from '../../rules/index.js';
import { escapeMrkdwn } from '../escape.js';
import { type Block, button, context, divider, type HomeView, header, LIMITS, section } from './blocks.js';
import { openFaqActionId } from './ids.js';
import { buildContactsBlocks, buildModulesBlocks, buildScheduleBlocks } from './info.js';
import { buildNoRecordBlocks } from './no-record.js';
import { privacyBlock } from './privacy.js';
import { buildStatusBlocks } from './status.js';

export const FAQ_CATEGORY_TITLE: Record<FaqCategory, string> = {
  schedule: 'Schedule',
  requirement: 'Requirement questions',
  content: 'Content questions',
};

/** The category order on the Home tab. */
const CATEGORY_ORDER: readonly FaqCategory[] = ['schedule', 'requirement', 'content'];

export const FAQ_BUTTON_TEXT = 'Answer';

export interface HomeViewInput {
  content: Content;
  /** The viewer's status, or null when the roster has no record for them. */
  status: PersonalStatus | null;
  /** The day (YYYY-MM-DD in the cycle's zone) the schedule marks as today. */
  today: string;
  /** The privacy notice, one line per element. */
  privacy: readonly string[];
}

export function buildFaqBlocks(content: Content): Block[] {
  const blocks: Block[] = [];
  for (const category of CATEGORY_ORDER) {
    const entries = content.faq.entries.filter((e) => e.category === category);
    if (entries.length === 0) continue;
    blocks.push(section(`*${FAQ_CATEGORY_TITLE[category]}*`));
    for (const entry of entries) {
      blocks.push(
        section(escapeMrkdwn(entry.question), button(FAQ_BUTTON_TEXT, openFaqActionId(entry.id), entry.id)),
      );
    }
  }
  return blocks;
}

export function buildHomeView(input: HomeViewInput): HomeView {
  const { content, status, today } = input;
  const card = status
    ? buildStatusBlocks(status, content, { offerCheck: true })
    : buildNoRecordBlocks(content);
  const blocks: Block[] = [
    header('Your training status'),
    ...card,
    divider(),
    header(`Rollout schedule, ${content.schedule.cycle.year}`),
    ...buildScheduleBlocks(content, { today, groupId: status?.group?.id ?? null }),
    divider(),
    header('The training modules'),
    ...buildModulesBlocks(content),
    divider(),
    header('Frequently asked questions'),
    ...buildFaqBlocks(content),
    divider(),
    header('Who to contact'),
    ...buildContactsBlocks(content),
    divider(),
    privacyBlock(input.privacy),
  ];
  // The FAQ is what grows; past the limit, the last block says where the rest is.
  const fitted =
    blocks.length <= LIMITS.viewBlocks
      ? blocks
      : [
          ...blocks.slice(0, LIMITS.viewBlocks - 2),
          context('More questions: send me a DM.'),
          blocks.at(-1) as Block,
        ];
  return { type: 'home', blocks: fitted };
}
