// The shape of a message, before any answering: several questions in one message.
import { normalise } from './normalise.js';

/** Words a question starts with: a clause that starts with one of these asks something. */
const QUESTION_START =
  /^(?:can|could|do|does|did|is|are|was|will|would|should|shall|how|what|whats|when|whens|where|wheres|who|whos|which|why|am|may|must|have|has|any|if)\b/;

/** "… and can i …", "… also, is it …": a second question joined to the first without a question mark. */
const JOINED_QUESTION =
  /,?\s+(?:and|also|plus|and also)\s+(?=(?:(?:can|could|do|does|is|are|will|would|should|am|may|must)\s+(?:i|we|you|it|this|the|my|there|they|one)|how|what|when|where|who|which)\b)/;

/** "and …", "also …" in front of a question: not a part of it. */
const LEADING_JOIN = /^(?:and also|and|also|plus|but)\s+/;

/** The least words a part needs to be read as a question of its own. */
const MIN_WORDS = 3;

/**
 * The questions a message asks, in order. Split at question marks, line breaks and semicolons, and at
 * "and"/"also" before a new question; a part counts only when it asks something (a question mark or a
 * question word) and is not a bare fragment. Anything else gives the whole message as one question.
 */
export function splitQuestions(text: string): string[] {
  const pieces: { text: string; asked: boolean }[] = [];
  const re = /([^?\n;]*)(\?+|\n|;|$)/g;
  for (const m of text.matchAll(re)) {
    const body = (m[1] ?? '').trim();
    if (body === '') continue;
    const marked = (m[2] ?? '').startsWith('?');
    const clauses = normalise(body).split(JOINED_QUESTION);
    clauses.forEach((clause, i) => {
      pieces.push({
        text: clause,
        asked: (i === clauses.length - 1 && marked) || QUESTION_START.test(clause.replace(LEADING_JOIN, '')),
      });
    });
  }
  const parts = pieces.filter((p) => p.text.split(' ').length >= MIN_WORDS);
  if (parts.length < 2 || parts.length !== pieces.length || !parts.every((p) => p.asked)) return [text];
  return parts.map((p) => p.text);
}
