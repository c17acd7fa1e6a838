// The answer engine: routes a question (sensitive, greeting, personal, FAQ) and, for the FAQ, admits when
// it does not know. Returns one Answer value; rendering for Slack or the terminal happens elsewhere.
import type { Content } from '../content/load.js';
import type { Contact, FaqEntry, Resource, TrainingModule } from '../content/schemas.js';
import {
  isGreeting,
  isReportedDisclosure,
  PERSONAL_FRAME_WORDS,
  type PersonalTopic,
  personalTopic,
  sensitiveMatch,
  withoutGreeting,
} from './intent.js';
import { normalise } from './normalise.js';
import { escapeMrkdwn, type Rendered, renderContact, renderFaqAnswer } from './render.js';
import { createFaqSearch, type FaqSearch, type SearchHit } from './search.js';

export type AnswerKind = 'faq' | 'personal' | 'sensitive' | 'greeting' | 'unknown';

export interface Suggestion {
  id: string;
  question: string;
}

export interface Answer {
  kind: AnswerKind;
  faq: FaqEntry | null;
  /** 0..1, higher is more confident. */
  score: number;
  /** Plain text, contacts filled in. */
  text: string;
  /** The same for Slack. Never echoes the question. */
  mrkdwn: string;
  /** Related questions (faq) or the closest ones (unknown); at most three. */
  suggestions: Suggestion[];
  contacts: Contact[];
  modules: TrainingModule[];
  personal?: { topic: PersonalTopic };
  /** Where to turn, with a sensitive answer. */
  resources?: Resource[];
}

export interface AnswerEngine {
  answer(question: string): Answer;
  entry(id: string): FaqEntry | undefined;
  /** An FAQ entry's answer, as if it had been asked (a related-question or App Home button); null for an unknown id. */
  answerFor(id: string): Answer | null;
  /** The FAQ entries ranked for a question, best first, before any routing: for evaluation. */
  rank(question: string): SearchHit[];
  /** Index build time in milliseconds, for the bench. */
  readonly buildMs: number;
}

/**
 * The cut-offs, calibrated on the evaluation set (`npm run eval` prints what they give): below MIN_SCORE
 * the best entry is not presented as the answer; when the best two are unrelated entries within CLOSE_CALL
 * of each other, the engine says it cannot tell them apart. SUGGEST_MIN is the least score for a
 * "Did you mean…?" suggestion.
 */
export const THRESHOLDS = { MIN_SCORE: 0.4, CLOSE_CALL: 0.03, SUGGEST_MIN: 0.3 } as const;

export const MAX_SUGGESTIONS = 3;

/** Strings a person sees, named so that tests and renderers can refer to them. */
export const MESSAGES = {
  unknown: "I don't know the answer to that one, and I'd rather not guess.",
  closeCall: "I'm not sure which of these you mean, so I won't guess.",
  didYouMean: 'Did you mean one of these?',
  askGeneral: (contact: string) => `For anything else about the training, contact ${contact}.`,
  greeting:
    'Hi! I answer questions about the Preventing Sexual Harassment training: who has to take it, the ' +
    'deadlines, how to reach the course, and what to do if something comes up. Ask in your own words.',
  personal: {
    required: 'Whether you need to take the training depends on your role and appointment.',
    deadline: 'Your deadline depends on your training group.',
    completed: 'Whether your completion is recorded depends on who you are.',
    group: 'Your training group depends on your role and where your appointment sits.',
    status: 'Your training status depends on who you are.',
  } satisfies Record<PersonalTopic, string>,
  personalNeedsProfile: 'To answer for you, I need to know who you are (your role and appointment).',
  sensitiveOpening: 'Thank you for telling me. You can take this at your own pace.',
  sensitiveOptions: 'If you would like to talk to someone, these are the options the training names:',
} as const;

export function createAnswerEngine(deps: { content: Content }): AnswerEngine {
  const { content } = deps;
  const entries = content.faq.entries;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const contacts = content.contacts.contacts;
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const moduleById = new Map(content.modules.modules.map((m) => [m.id, m]));
  const search: FaqSearch = createFaqSearch(entries, content.synonyms);
  const general = contactById.get(content.contacts.general);
  // Content questions 3 and 4 of the source: what to do with a situation brought to you, who must report.
  const broughtToYou = content.resources.broughtToYou.faq
    .map((id) => byId.get(id))
    .filter((e): e is FaqEntry => e !== undefined);
  const sensitiveResources = content.resources.resources.filter((r) => r.contact !== undefined);

  const suggestion = (entry: FaqEntry): Suggestion => ({ id: entry.id, question: entry.question });

  const faqAnswer = (entry: FaqEntry, score: number): Answer => {
    const rendered = renderFaqAnswer(entry, contacts);
    return {
      kind: 'faq',
      faq: entry,
      score: clamp(score),
      ...rendered,
      suggestions: entry.related
        .map((id) => byId.get(id))
        .filter((e): e is FaqEntry => e !== undefined)
        .slice(0, MAX_SUGGESTIONS)
        .map(suggestion),
      contacts: entry.contacts.map((id) => contactById.get(id)).filter((c): c is Contact => c !== undefined),
      modules: entry.modules
        .map((id) => moduleById.get(id))
        .filter((m): m is TrainingModule => m !== undefined),
    };
  };

  const unknownAnswer = (hits: SearchHit[], closeCall: boolean): Answer => {
    const closest = hits.filter((h) => h.score >= THRESHOLDS.SUGGEST_MIN).slice(0, MAX_SUGGESTIONS);
    const lines: Rendered[] = [plain(closeCall ? MESSAGES.closeCall : MESSAGES.unknown)];
    if (closest.length > 0) {
      lines.push(plain(MESSAGES.didYouMean));
      for (const hit of closest) lines.push(plain(`• ${hit.entry.question}`));
    }
    if (general) {
      const contact = renderContact(general);
      lines.push({ text: MESSAGES.askGeneral(contact.text), mrkdwn: MESSAGES.askGeneral(contact.mrkdwn) });
    }
    return {
      kind: 'unknown',
      faq: null,
      score: clamp(hits[0]?.score ?? 0),
      ...join(lines),
      suggestions: closest.map((h) => suggestion(h.entry)),
      contacts: general ? [general] : [],
      modules: [],
    };
  };

  const sensitiveAnswer = (normalised: string): Answer => {
    const lines: Rendered[] = [
      plain(MESSAGES.sensitiveOpening),
      plain(content.resources.notReportingChannel),
    ];
    lines.push(plain(MESSAGES.sensitiveOptions));
    const resourceContacts: Contact[] = [];
    for (const resource of sensitiveResources) {
      const contact = resource.contact ? contactById.get(resource.contact) : undefined;
      if (contact) resourceContacts.push(contact);
      const where = contact ? renderContact(contact) : null;
      lines.push({
        text: `• ${resource.name}: ${resource.description}${where ? ` Contact: ${where.text}.` : ''}`,
        mrkdwn: `• *${escapeMrkdwn(resource.name)}*: ${escapeMrkdwn(resource.description)}${where ? ` Contact: ${where.mrkdwn}.` : ''}`,
      });
    }
    const reported = isReportedDisclosure(normalised);
    if (reported) lines.push(plain(content.resources.broughtToYou.text));
    return {
      kind: 'sensitive',
      faq: null,
      score: 1,
      ...join(lines),
      suggestions: reported ? broughtToYou.slice(0, MAX_SUGGESTIONS).map(suggestion) : [],
      contacts: resourceContacts,
      modules: [],
      resources: sensitiveResources,
    };
  };

  const personalAnswer = (topic: PersonalTopic, hits: SearchHit[]): Answer => ({
    kind: 'personal',
    faq: null,
    score: 1,
    ...join([plain(MESSAGES.personal[topic]), plain(MESSAGES.personalNeedsProfile)]),
    suggestions: hits
      .filter((h) => h.score >= THRESHOLDS.SUGGEST_MIN)
      .slice(0, MAX_SUGGESTIONS)
      .map((h) => suggestion(h.entry)),
    contacts: [],
    modules: [],
    personal: { topic },
  });

  /** The best entry when it is a confident, clear answer; otherwise null. */
  const confident = (hits: SearchHit[]): SearchHit | null => {
    const [top, second] = hits;
    if (!top || top.score < THRESHOLDS.MIN_SCORE) return null;
    // Two related entries are not a dilemma: the answer lists the other one as a related question.
    const related =
      second && (top.entry.related.includes(second.entry.id) || second.entry.related.includes(top.entry.id));
    if (second && !related && top.score - second.score < THRESHOLDS.CLOSE_CALL) return null;
    return top;
  };

  return {
    buildMs: search.buildMs,
    entry: (id) => byId.get(id),
    answerFor: (id) => {
      const entry = byId.get(id);
      return entry ? faqAnswer(entry, 1) : null;
    },
    rank: (question) => search.search(withoutGreeting(normalise(question))),
    answer(question) {
      const normalised = normalise(question);
      const sensitive = sensitiveMatch(normalised);
      if (sensitive) return sensitiveAnswer(normalised);
      if (normalised === '' || isGreeting(normalised)) {
        return {
          kind: 'greeting',
          faq: null,
          score: 1,
          ...plain(MESSAGES.greeting),
          suggestions: entries.slice(0, MAX_SUGGESTIONS).map(suggestion),
          contacts: [],
          modules: [],
        };
      }
      const asked = withoutGreeting(normalised);
      const hits = search.search(asked);
      const topic = personalTopic(asked);
      if (topic) {
        // "do i have to do this if i am on sabbatical" names a situation the FAQ covers: answer that.
        // Searched on its own, the situation decides: the personal framing would only dilute it.
        const situation = search.terms(asked).filter((t) => !PERSONAL_FRAME_WORDS.has(t));
        const best = situation.length > 0 ? confident(search.searchTerms(situation)) : null;
        return best ? faqAnswer(best.entry, best.score) : personalAnswer(topic, hits);
      }
      const best = confident(hits);
      if (best) return faqAnswer(best.entry, best.score);
      const [top] = hits;
      return unknownAnswer(hits, top !== undefined && top.score >= THRESHOLDS.MIN_SCORE);
    },
  };
}

function plain(text: string): Rendered {
  return { text, mrkdwn: escapeMrkdwn(text) };
}

function join(lines: Rendered[]): Rendered {
  return { text: lines.map((l) => l.text).join('\n'), mrkdwn: lines.map((l) => l.mrkdwn).join('\n') };
}

function clamp(score: number): number {
  return Math.min(1, Math.max(0, score));
}
