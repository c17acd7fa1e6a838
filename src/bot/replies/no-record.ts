// For someone the roster does not know: say so, give the general rule, and offer the eligibility check.
import { renderFaqAnswer } from '../../answer/index.js';
import type { Content } from '../../content/load.js';
import { faqCitationById } from '../../text/format.js';
import { TEXT } from '../../text/messages.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';
import { type Message, note, type Part, text } from '../../text/reply.js';
import { checkOffer } from './status.js';

/** The FAQ entry that states who must take the training. */
export const GENERAL_RULE_FAQ = 'training-requirement';

export interface NoRecordOptions {
  /** The database could not be read (not: the roster has no record). */
  unavailable?: boolean;
}

export function noRecordParts(content: Content, options: NoRecordOptions = {}): Part[] {
  const rule = content.faq.entries.find((e) => e.id === GENERAL_RULE_FAQ);
  const parts: Part[] = [text(`*${options.unavailable ? TEXT.recordsUnavailable : TEXT.noRecord}*`)];
  if (rule) {
    const rendered = renderFaqAnswer(rule, content.contacts.contacts);
    parts.push(text(`*${TEXT.generalRule}* ${rendered.mrkdwn}`));
    parts.push(note(`📖 From ${faqCitationById(rule.id, content)}`));
  }
  if (content.policy.exempt.length > 0) {
    parts.push(
      text(
        `*${TEXT.notRequiredIf}*\n${content.policy.exempt
          .map((r) => `• ${escapeMrkdwn(r.reason)} _(${faqCitationById(r.faq, content)})_`)
          .join('\n')}`,
      ),
    );
  }
  parts.push(checkOffer());
  return parts;
}

export function noRecordMessage(content: Content, options: NoRecordOptions = {}): Message {
  const rule = content.faq.entries.find((e) => e.id === GENERAL_RULE_FAQ);
  const ruleText = rule
    ? ` ${TEXT.generalRule} ${renderFaqAnswer(rule, content.contacts.contacts).text}`
    : '';
  const headline = options.unavailable ? TEXT.recordsUnavailable : TEXT.noRecord;
  return { text: `${headline}${ruleText}`, parts: noRecordParts(content, options) };
}
