// An answer from the engine as a message: the answer, where it comes from, related questions as buttons,
// the contacts and modules it names, and 👍/👎 feedback on FAQ answers.
import { type Answer, renderContact, type Suggestion } from '../../answer/index.js';
import type { Vote } from '../../bot/feedback.js';
import { TEXT } from '../../bot/messages.js';
import type { FaqEntry } from '../../content/schemas.js';
import { escapeMrkdwn } from '../escape.js';
import {
  actions,
  type Block,
  button,
  clip,
  context,
  fitMessage,
  type MessageView,
  sections,
} from './blocks.js';
import { faqCitation, moduleLabel } from './format.js';
import { ACTION, openFaqActionId } from './ids.js';

export interface AnswerViewOptions {
  /** The question as the person typed it: echoed (escaped) where the reply stands apart from it. */
  question?: string;
  /** 👍/👎 buttons under an FAQ answer (not in channels, where one vote would change the message for all). */
  feedback?: boolean;
  /** The message after a vote: the buttons give way to a thank-you. */
  voted?: Vote;
}

/** Echoed questions are cut short: the point is to recognise it, not to repeat it. */
const ECHO_MAX = 300;

export const FEEDBACK_BLOCK_ID = 'feedback';
export const SUGGESTIONS_BLOCK_ID = 'suggestions';

export function suggestionButtons(suggestions: readonly Suggestion[]): Block {
  return actions(
    suggestions.map((s) => button(s.question, openFaqActionId(s.id), s.id)),
    SUGGESTIONS_BLOCK_ID,
  );
}

export function feedbackBlock(faqId: string): Block {
  return actions(
    [
      button(TEXT.feedbackUp, ACTION.feedbackUp, faqId),
      button(TEXT.feedbackDown, ACTION.feedbackDown, faqId),
    ],
    FEEDBACK_BLOCK_ID,
  );
}

function faqFooter(entry: FaqEntry, answer: Answer, options: AnswerViewOptions): Block[] {
  const blocks: Block[] = [
    context(`📖 ${TEXT.fromFaq(faqCitation(entry))}: _${escapeMrkdwn(entry.question)}_`),
  ];
  const notes: string[] = [];
  if (answer.modules.length > 0)
    notes.push(`*Modules:* ${escapeMrkdwn(answer.modules.map(moduleLabel).join(', '))}`);
  for (const contact of answer.contacts) notes.push(`*Contact:* ${renderContact(contact).mrkdwn}`);
  if (notes.length > 0) blocks.push(context(...notes));
  if (answer.suggestions.length > 0)
    blocks.push(context(TEXT.related), suggestionButtons(answer.suggestions));
  if (options.voted) blocks.push(context(TEXT.feedbackThanks));
  else if (options.feedback) blocks.push(context(TEXT.feedbackPrompt), feedbackBlock(entry.id));
  return blocks;
}

export function buildAnswerMessage(answer: Answer, options: AnswerViewOptions = {}): MessageView {
  const blocks: Block[] = [];
  if (options.question !== undefined && options.question.trim() !== '') {
    blocks.push(context(TEXT.youAsked(escapeMrkdwn(clip(options.question.trim(), ECHO_MAX)))));
  }
  blocks.push(...sections(answer.mrkdwn));
  switch (answer.kind) {
    case 'faq':
      if (answer.faq) blocks.push(...faqFooter(answer.faq, answer, options));
      break;
    case 'greeting':
      if (answer.suggestions.length > 0)
        blocks.push(context(TEXT.tryAsking), suggestionButtons(answer.suggestions));
      break;
    case 'unknown':
    case 'sensitive':
    case 'personal':
      // The engine's text already introduces these ("Did you mean…", the FAQ on situations brought to you).
      if (answer.suggestions.length > 0) blocks.push(suggestionButtons(answer.suggestions));
      break;
    default:
      answer.kind satisfies never;
  }
  return fitMessage({ text: answer.text, blocks });
}
