// The shape of a message, before any answering: several questions in one message.
import { normalise } from './normalise.js';

/** Verbs a yes-or-no question starts with ("can i", "does she"). */
const AUX = 'can|could|do|does|did|is|are|was|were|will|would|should|shall|am|may|might|must|have|has';
/** Who a yes-or-no question asks about, right after its verb. */
const SUBJECT =
  'i|we|you|it|this|that|these|they|he|she|one|there|people|someone|anyone|everyone|my|our|your|their|his|her|the|all|staff|students|faculty';
/** Words that ask: "when is …", "who do i …", "how long …". Not "when i …" or "what you …": a clause. */
const WH = "(?:how|what|when|where|who|which|why)(?:'s|s)?\\b(?!\\s+(?:i|you|we|they|he|she|my|our)\\b)";

/** Whom a question asks about, inside a clause after its context ("… does she still need it"). */
const PERSON =
  'i|we|you|they|he|she|it|my|our|your|their|his|her|people|someone|anyone|everyone|staff|students|faculty';
/**
 * A clause that starts with one of these asks something. A verb that also starts a statement with its subject
 * left out ("did it last week", "did the 2018 one", "was told to") asks only before a person.
 */
const QUESTION_START = new RegExp(
  `^(?:(?!(?:did|have|has|had|was|were)\\b)(?:${AUX}|any)\\b|(?:did|have|has|had|was|were)\\s+(?:i|we|you|they|he|she)\\b|${WH})`,
);
/** A question inside a clause after its context: "pi here, my postdoc leaves in march does she still need it". */
const QUESTION_WITHIN = new RegExp(
  `(?<=\\w\\s)(?<!\\b(?:i|we|you|it|they|he|she|that|this|there|who|to|not)\\s)\\b(?:(?:${AUX})\\s+(?:${PERSON})\\b|(?:how|what|when|where|why)\\s+(?:${AUX})\\b)`,
);

/** Words that join a second question to the first: "and", "also", "btw", "plus". */
const JOIN = '(?:and also|and|also|plus|oh and|btw|by the way|another thing|additionally|but)';
/**
 * Where a second question is joined to the first without a question mark: "… and can i …", "…, also is it …",
 * "… - how do i …", "…, who do i email". A comma or a dash alone joins only before a question word.
 */
const JOINED_QUESTION = new RegExp(
  `(?:,?\\s+${JOIN}\\s+(?=(?:${AUX})\\s+(?:${SUBJECT})\\b|${WH})|(?:,|\\s-+|:)\\s+(?=(?:${AUX})\\s+(?:${SUBJECT})\\b|${WH}))`,
  'i',
);

/** "and …", "also …" in front of a question: not a part of it. */
const LEADING_JOIN = new RegExp(`^(?:${JOIN}|so|ok|okay)\\s+`);

/** A list's marker: "1.", "2)", "(3)", "(a)", "b)" at the start of a line or after a space, "-", "*", "•" starting a line. */
const LIST_MARKER = /(?:^|\s)(?:\(?(?:\d{1,2}|[a-e])[.)])\s+|^\s*[-*•·]\s+/gm;

/**
 * Where one sentence ends and the next begins: a question mark, a line break or a semicolon, or a full stop or
 * exclamation mark after a word of three letters or more ("in 2018. do i", not "e.g. the" or "5 p.m. on").
 */
const SENTENCE = /([^?\n;]*?(?:\b\w{3,}|\))[.!]+(?=\s)|[^?\n;]*)(\?+|\n|;|$|(?<=[.!]))/g;

/** The least words a part needs to be read as a question of its own. */
const MIN_WORDS = 3;

/**
 * Whether a clause asks something: a question mark, a question word first, or a question after its context. Also
 * the engine's, for the clauses beside a disclosure (told.ts).
 */
export function asks(clause: string, marked: boolean): boolean {
  const bare = clause.replace(LEADING_JOIN, '');
  return marked || QUESTION_START.test(bare) || QUESTION_WITHIN.test(bare);
}

/**
 * The questions a message asks, in order. Split into sentences (question marks, line breaks, semicolons, full
 * stops, a list's items) and where a second question is joined to the first ("and can i", ", also how", ", who
 * do i"). A piece asks something when it has a question mark or a question in it; a piece that does not
 * ("I'm a postdoc leaving in June.", "hi!") is context, read with the question after it (or, at the end, the one
 * before). Fewer than two questions, or a question of fewer than three words, gives the whole message as one
 * question. Whether the parts are answered one by one is the engine's call, by what the model reads in each.
 */
export function splitQuestions(text: string): string[] {
  const pieces: { text: string; asked: boolean }[] = [];
  for (const m of text.replace(LIST_MARKER, '\n').matchAll(SENTENCE)) {
    const body = (m[1] ?? '').trim();
    if (body === '') continue;
    const marked = (m[2] ?? '').startsWith('?');
    // Split before normalising: the commas and dashes that join questions are gone after it.
    const clauses = body
      .split(JOINED_QUESTION)
      .map(normalise)
      .filter((c) => c !== '');
    clauses.forEach((clause, i) => {
      pieces.push({ text: clause, asked: asks(clause, i === clauses.length - 1 && marked) });
    });
  }
  const parts: string[] = [];
  let context: string[] = [];
  for (const piece of pieces) {
    if (!piece.asked) {
      context.push(piece.text);
      continue;
    }
    parts.push([...context, piece.text].join(' '));
    context = [];
  }
  if (parts.length === 0) return [text];
  if (context.length > 0) parts[parts.length - 1] = [parts.at(-1), ...context].join(' ');
  if (parts.length < 2 || parts.some((p) => p.split(' ').length < MIN_WORDS)) return [text];
  return parts;
}

/**
 * Where a message the splitter reads as one question could still be two, joined without a question word: "can i
 * do it during work hours and also more resources on these topics". A joining word ("and", "also", "btw", …),
 * with or without a comma or dash before it (a comma alone cut 46 single questions of the cross-validation
 * wrong, round 22).
 */
const JOIN_ANYWHERE = new RegExp(`(?:,|\\s-+)?\\s+${JOIN}\\s+`, 'gi');

/** The most places a message is tried in two: each costs the model two readings. */
const MAX_CUTS = 6;

/**
 * Each way of reading one question as two at a join ("…, and …", "… also …"): the two halves, both of at least
 * three words, the joining word dropped. Only after a part that asks something ("we did it in 2018 and now …"
 * is context), and never past a question mark (the sentences before it are the splitter's). Which of them, if
 * any, is two questions is the model's call (the engine reads each half alone and the whole message together).
 */
export function twoParts(text: string): [string, string][] {
  const cuts: [string, string][] = [];
  for (const m of text.matchAll(JOIN_ANYWHERE)) {
    if (cuts.length === MAX_CUTS || text.lastIndexOf('?', m.index) !== -1) break;
    const left = normalise(text.slice(0, m.index));
    const right = normalise(text.slice(m.index + m[0].length));
    if (left.split(' ').length < MIN_WORDS || right.split(' ').length < MIN_WORDS) continue;
    if (!asks(left, false)) continue;
    cuts.push([left, right]);
  }
  return cuts;
}

/**
 * Where a clause ends inside a sentence: a joining word ("…, and …", "… but …", "anyway …"), a comma, a dash or a
 * colon. Only for reading each part for a disclosure, never for answering: "my supervisor keeps touching me and
 * now i have to sit through this training with him" is a disclosure in its first clause and a question in its
 * second, and read whole the question can drown it.
 */
const CLAUSE_BREAK = new RegExp(
  `(?:\\s*[,:]|\\s+-+|\\s*[–—])\\s*|\\s+(?:${JOIN}|anyway|anyways|so|because)\\s+`,
  'gi',
);

/** The most clauses of a message read on their own: each costs the model one reading. */
const MAX_CLAUSES = 8;

/**
 * A message's clauses, normalised, each of at least three words: its sentences, and each sentence cut at its
 * joins. Fewer than two gives none (the message is one clause, and the engine has read it whole).
 */
export function clauses(text: string): string[] {
  const out: string[] = [];
  for (const m of text.replace(LIST_MARKER, '\n').matchAll(SENTENCE)) {
    for (const piece of (m[1] ?? '').split(CLAUSE_BREAK)) {
      const clause = normalise(piece);
      if (clause.split(' ').length >= MIN_WORDS) out.push(clause);
      if (out.length === MAX_CLAUSES) return out;
    }
  }
  return out.length < 2 ? [] : out;
}
