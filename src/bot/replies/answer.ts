// An answer from the engine as a message: the answer, where it comes from, related questions as buttons,
// the contacts and modules it names, and 👍/👎 feedback on FAQ answers.
import type { Answer, Suggestion } from '../../answer/index.js';
import type { FaqEntry } from '../../content/schemas.js';
import { faqCitation, formatContact, moduleLabel } from '../../text/format.js';
import { TEXT } from '../../text/messages.js';
import { clip, escapeMrkdwn } from '../../text/mrkdwn.js';
import {
  type Button,
  button,
  buttons,
  divider,
  type Message,
  note,
  type Part,
  text,
  type Vote,
} from '../../text/reply.js';

export interface AnswerReplyOptions {
  /** The question as the person typed it: echoed (escaped) where the reply stands apart from it. */
  question?: string;
  /** 👍/👎 buttons under an FAQ answer (not in channels, where one vote would change the message for all). */
  feedback?: boolean;
  /** The message after a vote: the buttons give way to a thank-you. */
  voted?: Vote;
}

/** Echoed questions are cut short: the point is to recognise it, not to repeat it. */
const ECHO_MAX = 300;

export const FEEDBACK_GROUP = 'feedback';
export const SUGGESTIONS_GROUP = 'suggestions';

export function suggestionButtons(suggestions: readonly Suggestion[]): Part {
  return buttons(
    suggestions.map((s) => button(s.question, { kind: 'open-faq', faqId: s.id })),
    SUGGESTIONS_GROUP,
  );
}

export function feedbackButtons(faqId: string): Part {
  const vote = (label: string, v: Vote): Button => button(label, { kind: 'vote', faqId, vote: v });
  return buttons([vote(TEXT.feedbackUp, 'up'), vote(TEXT.feedbackDown, 'down')], FEEDBACK_GROUP);
}

/** `📖 From FAQ requirement question 3: _May I take more than one…_`; an unnumbered entry is named once. */
export function sourceNote(entry: FaqEntry): string {
  const cited = faqCitation(entry);
  return entry.number === undefined
    ? `📖 ${TEXT.fromFaq(escapeMrkdwn(cited))}`
    : `📖 ${TEXT.fromFaq(cited)}: _${escapeMrkdwn(entry.question)}_`;
}

function faqFooter(entry: FaqEntry, answer: Answer, options: AnswerReplyOptions): Part[] {
  const parts: Part[] = [note(sourceNote(entry))];
  const notes: string[] = [];
  if (answer.modules.length > 0)
    notes.push(`*Modules:* ${escapeMrkdwn(answer.modules.map(moduleLabel).join(', '))}`);
  for (const contact of answer.contacts) notes.push(`*Contact:* ${formatContact(contact).mrkdwn}`);
  if (notes.length > 0) parts.push(note(...notes));
  if (answer.suggestions.length > 0) parts.push(note(TEXT.related), suggestionButtons(answer.suggestions));
  if (options.voted) parts.push(note(TEXT.feedbackThanks));
  else if (options.feedback) parts.push(note(TEXT.feedbackPrompt), feedbackButtons(entry.id));
  return parts;
}

/**
 * Several answers in one message (a message that asked several questions), in order, a divider between
 * them. Button rows are named per answer: a message may not repeat a row's name.
 */
export function joinAnswers(messages: readonly Message[]): Message {
  const parts: Part[] = [];
  messages.forEach((message, i) => {
    if (i > 0) parts.push(divider());
    for (const part of message.parts)
      parts.push(
        part.type === 'buttons' && part.group && i > 0 ? { ...part, group: `${part.group}-${i}` } : part,
      );
  });
  return { text: messages.map((m) => m.text).join('\n\n'), parts };
}

export function answerMessage(answer: Answer, options: AnswerReplyOptions = {}): Message {
  const parts: Part[] = [];
  if (options.question !== undefined && options.question.trim() !== '') {
    parts.push(note(TEXT.youAsked(escapeMrkdwn(clip(options.question.trim(), ECHO_MAX)))));
  }
  parts.push(text(answer.mrkdwn));
  switch (answer.kind) {
    case 'faq':
      if (answer.faq) parts.push(...faqFooter(answer.faq, answer, options));
      break;
    case 'greeting':
      if (answer.suggestions.length > 0)
        parts.push(note(TEXT.tryAsking), suggestionButtons(answer.suggestions));
      break;
    case 'unknown':
    case 'sensitive':
    case 'personal':
      // The engine's text already introduces these ("Did you mean…", the FAQ on situations brought to you).
      if (answer.suggestions.length > 0) parts.push(suggestionButtons(answer.suggestions));
      break;
    default:
      answer.kind satisfies never;
  }
  return { text: answer.text, parts };
}
