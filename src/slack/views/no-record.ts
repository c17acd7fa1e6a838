// For someone the roster does not know: say so, give the general rule, and offer the eligibility check.
import { renderFaqAnswer } from '../../answer/index.js';
import { TEXT } from '../../bot/messages.js';
import type { Content } from '../../content/load.js';
import { escapeMrkdwn } from '../escape.js';
import { type Block, button, context, fitMessage, type MessageView, section, sections } from './blocks.js';
import { faqCitationById } from './format.js';
import { ACTION } from './ids.js';

/** The FAQ entry that states who must take the training. */
export const GENERAL_RULE_FAQ = 'training-requirement';

export function buildNoRecordBlocks(content: Content): Block[] {
  const rule = content.faq.entries.find((e) => e.id === GENERAL_RULE_FAQ);
  const blocks: Block[] = [section(`*${TEXT.noRecord}*`)];
  if (rule) {
    const rendered = renderFaqAnswer(rule, content.contacts.contacts);
    blocks.push(...sections(`*${TEXT.generalRule}* ${rendered.mrkdwn}`));
    blocks.push(context(`📖 From ${faqCitationById(rule.id, content)}`));
  }
  if (content.policy.exempt.length > 0) {
    blocks.push(
      section(
        `*${TEXT.notRequiredIf}*\n${content.policy.exempt
          .map((r) => `• ${escapeMrkdwn(r.reason)} _(${faqCitationById(r.faq, content)})_`)
          .join('\n')}`,
      ),
    );
  }
  blocks.push(section(TEXT.checkOffer, button(TEXT.checkButton, ACTION.openCheck, 'check', 'primary')));
  return blocks;
}

export function buildNoRecordMessage(content: Content): MessageView {
  const rule = content.faq.entries.find((e) => e.id === GENERAL_RULE_FAQ);
  const ruleText = rule
    ? ` ${TEXT.generalRule} ${renderFaqAnswer(rule, content.contacts.contacts).text}`
    : '';
  return fitMessage({ text: `${TEXT.noRecord}${ruleText}`, blocks: buildNoRecordBlocks(content) });
}
