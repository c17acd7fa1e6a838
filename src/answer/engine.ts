// The answer engine: routes a question (sensitive, greeting, personal, FAQ) and, for the FAQ, admits when
// it does not know. Returns one Answer value; rendering for Slack or the terminal happens elsewhere.
import { format } from 'date-fns';
import type { Content } from '../content/load.js';
import type { Contact, FaqEntry, Resource, TrainingModule } from '../content/schemas.js';
import { cycleOpens } from '../rules/group.js';
import type { Profile } from '../rules/profile.js';
import { renderStatusText } from '../rules/render.js';
import { describeFields, evaluateStatus, scheduleFaq } from '../rules/status.js';
import { CALIBRATION } from './calibration.js';
import {
  isAboutTheTraining,
  isGreeting,
  isQuestionAboutTheTopic,
  isReportedDisclosure,
  PERSONAL_FRAME_WORDS,
  type PersonalTopic,
  personalTopic,
  sensitiveMatch,
  withoutGreeting,
} from './intent.js';
import { isFollowUp, splitQuestions } from './messages.js';
import { normalise } from './normalise.js';
import {
  type Calibration,
  confidence,
  createRanker,
  RANKER_OPTIONS,
  type RankerInput,
  type RankerOptions,
  type Ranking,
  signals,
} from './ranker.js';
import { escapeMrkdwn, type Rendered, renderContact, renderFaqAnswer } from './render.js';
import type { SearchHit } from './search.js';
import {
  createSensitiveDetector,
  isDisclosure,
  SENSITIVE_OPTIONS,
  type SensitiveOptions,
  sensitiveInput,
} from './sensitive.js';
import { describeSituation, readSituation, type SituationFacts } from './situation.js';

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
  /**
   * Every question the message asked, answered in order (at most MAX_QUESTIONS); the top-level fields
   * describe the first. One element for a message with one question. Set by `answer`, not `answerFor`.
   */
  answers?: Answer[];
  /** The situation the answer was fitted to (from the question, the follow-up or the profile). */
  situation?: SituationFacts;
}

/** What the engine may know besides the question. */
export interface AskContext {
  /** The asker, when known: answers that depend on the person apply the rules to them. */
  profile?: Profile;
  /** The moment of asking, for the rules (default: the engine's clock). */
  now?: Date;
  /** The previous question in the same conversation, for reading a short follow-up ("and if i'm on leave?"). */
  previous?: { question: string; faqId?: string | null };
}

export interface AnswerEngine {
  answer(question: string, context?: AskContext): Answer;
  entry(id: string): FaqEntry | undefined;
  /** An FAQ entry's answer, as if it had been asked (a related-question or App Home button); null for an unknown id. */
  answerFor(id: string): Answer | null;
  /** The FAQ entries ranked for a question, best first, before any routing: for evaluation. */
  rank(question: string): SearchHit[];
  /** Index build and model training time in milliseconds, for the bench. */
  readonly buildMs: number;
  /** The confidence map and cut-offs in use. */
  readonly calibration: Calibration;
}

/**
 * The cut-offs on the calibrated confidence, read from the reliability curve by `npm run calibrate`
 * (src/answer/calibrate.ts says how): at or above MIN_SCORE the best entry is the answer; from
 * SUGGEST_MIN the engine says it is not sure and offers the closest three; below, it says it does not know.
 */
export const THRESHOLDS = {
  MIN_SCORE: CALIBRATION.answerAt,
  SUGGEST_MIN: CALIBRATION.suggestAt,
} as const;

export const MAX_SUGGESTIONS = 3;

/** How much of a message is read for a disclosure, and how much of it is searched. */
export const MAX_INPUT_CHARS = 10_000;
export const MAX_SEARCH_CHARS = 600;

/** At most this many questions of one message are answered. */
export const MAX_QUESTIONS = 3;

/**
 * The least lead of the best entry over the best unrelated one for it to be the answer: below, the two are
 * a tie (the same phrasing in two entries), and the engine says it is not sure which is meant.
 */
export const CLOSE_CALL = 0.02;

/** Rankings kept between questions. */
const RANKING_CACHE_SIZE = 2000;

/** A suggestion in the "not sure" list must score at least this share of the best one. */
const SUGGEST_SHARE = 0.5;

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
  alsoAsked: 'If you were also asking about the training itself, this is what the FAQ says:',
} as const;

/** What the ranker trains on: every way each entry is asked, the synonyms, the out-of-scope examples. */
export function rankerInput(content: Content): RankerInput {
  return {
    entries: content.faq.entries,
    synonyms: content.synonyms,
    outOfScope: content.outOfScope.examples,
  };
}

export interface AnswerEngineDeps {
  content: Content;
  /** The clock for answers that apply the rules, when the call gives no `now`. */
  now?: () => Date;
  /** For evaluation: another design or calibration than the shipped one. */
  ranker?: RankerOptions;
  calibration?: Calibration;
  sensitive?: SensitiveOptions;
}

export function createAnswerEngine(deps: AnswerEngineDeps): AnswerEngine {
  const { content } = deps;
  const clock = deps.now ?? (() => new Date());
  const calibration = deps.calibration ?? CALIBRATION;
  const entries = content.faq.entries;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const contacts = content.contacts.contacts;
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const moduleById = new Map(content.modules.modules.map((m) => [m.id, m]));
  const trained = createRanker(rankerInput(content), deps.ranker ?? RANKER_OPTIONS);
  const search = trained.search;
  const detector = createSensitiveDetector(sensitiveInput(content), deps.sensitive ?? SENSITIVE_OPTIONS);
  // One message can be ranked several times (its parts, a follow-up, the focused situation), and people
  // repeat the same few questions: recent rankings are kept, by text only, in memory.
  const recent = new Map<string, Ranking>();
  const ranker = {
    buildMs: trained.buildMs + detector.buildMs,
    rank(text: string): Ranking {
      const known = recent.get(text);
      if (known) return known;
      const ranking = trained.rank(text);
      if (recent.size >= RANKING_CACHE_SIZE) recent.clear();
      recent.set(text, ranking);
      return ranking;
    },
  };
  const general = contactById.get(content.contacts.general);
  // Content questions 3 and 4 of the source: what to do with a situation brought to you, who must report.
  const broughtToYou = content.resources.broughtToYou.faq
    .map((id) => byId.get(id))
    .filter((e): e is FaqEntry => e !== undefined);
  const sensitiveResources = content.resources.resources.filter((r) => r.contact !== undefined);
  // Dates the FAQ text names ("February 17th") are read in the year the cycle's first window opens.
  const year = Number(cycleOpens(content).slice(0, 4));
  // Entries whose answer depends on the person: those the rules cite, and the schedule.
  const personalEntries = new Set([
    scheduleFaq(content),
    ...[...content.policy.required, ...content.policy.exempt, ...content.policy.stillRequired].map(
      (r) => r.faq,
    ),
  ]);
  const requirementFaq = content.policy.required[0]?.faq ?? scheduleFaq(content);
  const topicEntry: Record<PersonalTopic, string> = {
    required: requirementFaq,
    deadline: scheduleFaq(content),
    group: scheduleFaq(content),
    status: scheduleFaq(content),
    completed: byId.has('confirm-completion') ? 'confirm-completion' : requirementFaq,
  };

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

  /**
   * The FAQ answer fitted to the asker: the rules applied to the situation the question names (over the
   * profile, when known), one line first, and the deadline the FAQ names replaced by the asker's group's.
   */
  const fitted = (answer: Answer, facts: SituationFacts, ctx: AskContext): Answer => {
    const entry = answer.faq;
    if (!entry || !personalEntries.has(entry.id)) return answer;
    const role = facts.role ?? ctx.profile?.role;
    if (role === undefined) return answer;
    const profile: Profile = { ...(ctx.profile ?? {}), ...facts, role };
    const status = evaluateStatus(profile, content, ctx.now ?? clock());
    const head = describeSituation(facts, longDay) ?? 'For you';
    const parts: string[] = [];
    if (status.group && status.deadline)
      parts.push(`your group (${status.group.name}) has its deadline on ${longDay(status.deadline)}`);
    if (status.completed) parts.push('your completion is recorded');
    else if (status.required === true) parts.push('you are required to complete the training');
    else if (status.required === false) parts.push('the training is not required');
    else parts.push(`whether you need to take it depends on ${describeFields(status.missing)}`);
    const own = status.reasons.find((r) => r.faq === entry.id);
    const reason = own ?? status.reasons[0];
    // The entry's own rule says the verdict in its words: the generic one would only repeat it.
    if (own && parts.length > 1 && !status.completed) parts.pop();
    const line = `${head}: ${parts.join('; ')}.${reason ? ` ${reason.text} ${citation(reason.faq)}` : ''}`;
    const ownDeadline = status.deadline;
    const swap = (text: string) => (ownDeadline ? withDeadline(text, ownDeadline) : text);
    return {
      ...answer,
      text: `${line}\n${swap(answer.text)}`,
      mrkdwn: `${escapeMrkdwn(line)}\n${swap(answer.mrkdwn)}`,
      situation: facts,
    };
  };

  /** "February 17th deadline": a group's deadline named in the FAQ text, replaced by the asker's. */
  const groupEnds = new Set(content.schedule.groups.map((g) => g.window.end));
  const withDeadline = (text: string, deadline: string): string =>
    text.replace(DEADLINE_IN_TEXT, (whole, month: string, day: string) => {
      // A cycle may run across a new year: the day is the one of either year that is a group's deadline.
      const named = [year, year + 1]
        .map((y) => isoOf(month, Number(day), y))
        .find((iso) => iso !== null && groupEnds.has(iso));
      if (!named || named === deadline) return whole;
      return `${ordinalDay(deadline)} deadline (your group's)`;
    });

  const citation = (faq: string): string => {
    const entry = byId.get(faq);
    if (!entry) return `[FAQ ${faq}]`;
    return entry.number === undefined
      ? `[FAQ: ${entry.question}]`
      : `[FAQ ${entry.category} question ${entry.number}]`;
  };

  const safetyLine = (): Rendered => plain(content.resources.ifSomethingHappened);

  const unknownAnswer = (hits: SearchHit[], score: number, notSure: boolean): Answer => {
    const best = hits[0]?.score ?? 0;
    const closest = notSure
      ? hits.filter((h) => h.score > 0 && h.score >= SUGGEST_SHARE * best).slice(0, MAX_SUGGESTIONS)
      : [];
    const lines: Rendered[] = [plain(notSure ? MESSAGES.closeCall : MESSAGES.unknown)];
    if (closest.length > 0) {
      lines.push(plain(MESSAGES.didYouMean));
      for (const hit of closest) lines.push(plain(`• ${hit.entry.question}`));
    }
    if (general) {
      const contact = renderContact(general);
      lines.push({ text: MESSAGES.askGeneral(contact.text), mrkdwn: MESSAGES.askGeneral(contact.mrkdwn) });
    }
    lines.push(safetyLine());
    return {
      kind: 'unknown',
      faq: null,
      score: clamp(score),
      ...join(lines),
      suggestions: closest.map((h) => suggestion(h.entry)),
      contacts: general ? [general] : [],
      modules: [],
    };
  };

  const sensitiveAnswer = (normalised: string, alsoFaq: Answer | null): Answer => {
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
    // Unsure whether it is a disclosure or a question about the training: care first, and the answer too.
    if (alsoFaq?.faq) lines.push(plain(MESSAGES.alsoAsked), { text: alsoFaq.text, mrkdwn: alsoFaq.mrkdwn });
    return {
      kind: 'sensitive',
      faq: alsoFaq?.faq ?? null,
      score: 1,
      ...join(lines),
      suggestions: reported ? broughtToYou.slice(0, MAX_SUGGESTIONS).map(suggestion) : [],
      contacts: [
        ...resourceContacts,
        ...(alsoFaq?.contacts ?? []).filter((c) => !resourceContacts.includes(c)),
      ],
      modules: alsoFaq?.modules ?? [],
      resources: sensitiveResources,
    };
  };

  const personalAnswer = (topic: PersonalTopic, hits: SearchHit[], ctx: AskContext): Answer => {
    const base = {
      kind: 'personal' as const,
      faq: null,
      score: 1,
      suggestions: hits
        .filter((h) => h.score >= SUGGEST_SHARE * (hits[0]?.score ?? 0))
        .slice(0, MAX_SUGGESTIONS)
        .map((h) => suggestion(h.entry)),
      contacts: [],
      modules: [],
      personal: { topic },
    };
    if (ctx.profile) {
      const text = renderStatusText(evaluateStatus(ctx.profile, content, ctx.now ?? clock()), content);
      return { ...base, text, mrkdwn: escapeMrkdwn(text) };
    }
    return { ...base, ...join([plain(MESSAGES.personal[topic]), plain(MESSAGES.personalNeedsProfile)]) };
  };

  const calibrated = (ranking: Ranking): number => confidence(ranking, calibration);

  /** One question, already normalised and free of a leading greeting. */
  const single = (asked: string, ctx: AskContext): Answer => {
    const facts = readSituation(asked, year);
    const ranking = ranker.rank(asked);
    const hits = ranking.hits;
    const topic = personalTopic(asked);
    if (topic) {
      // "do i have to do this if i am on sabbatical" names a situation the FAQ covers: answer that.
      // Ranked on its own, the situation decides: the personal framing would only dilute it.
      const situation = search.terms(asked).filter((t) => !PERSONAL_FRAME_WORDS.has(t));
      // A population alone ("im a grad student") is not a situation with an entry of its own.
      const onlyPopulation = Object.keys(facts).length > 0 && Object.keys(facts).every(isPopulationFact);
      if (situation.length > 0 && !onlyPopulation) {
        const focused = ranker.rank(situation.join(' '));
        const score = calibrated(focused);
        const top = focused.hits[0];
        if (top && score >= calibration.answerAt) return fitted(faqAnswer(top.entry, score), facts, ctx);
      }
      // "im a grad student do i have to do this": a population the rules know, without a profile.
      const entry = byId.get(topicEntry[topic]);
      if (!ctx.profile && entry && Object.keys(facts).length > 0)
        return fitted(faqAnswer(entry, calibrated(ranking)), facts, ctx);
      return personalAnswer(topic, hits, ctx);
    }
    const score = calibrated(ranking);
    const top = hits[0];
    // Two unrelated entries scored alike: no calibration can choose between them, so ask.
    const tie = (signals(ranking)[1] ?? 0) < CLOSE_CALL;
    if (top && score >= calibration.answerAt && !tie) return fitted(faqAnswer(top.entry, score), facts, ctx);
    return unknownAnswer(hits, score, top !== undefined && score >= calibration.suggestAt);
  };

  /** A short follow-up read with the previous question: its own entry if it names one, else the previous one's. */
  const followUp = (asked: string, ctx: AskContext & { previous: NonNullable<AskContext['previous']> }) => {
    const facts = readSituation(asked, year);
    const previous = ctx.previous.faqId ? byId.get(ctx.previous.faqId) : undefined;
    const onlyPopulation = Object.keys(facts).length > 0 && Object.keys(facts).every(isPopulationFact);
    // "what about grad students?": the same question, for another population.
    if (previous && onlyPopulation) {
      const answer = fitted(faqAnswer(previous, 1), facts, ctx);
      return { ...answer, score: calibrated(ranker.rank(`${normalise(ctx.previous.question)} ${asked}`)) };
    }
    const alone = single(asked, ctx);
    if (alone.kind === 'faq' && alone.faq?.id !== previous?.id) return alone;
    return single(`${withoutGreeting(normalise(ctx.previous.question))} ${asked}`, ctx);
  };

  const greeting = (): Answer => ({
    kind: 'greeting',
    faq: null,
    score: 1,
    ...plain(MESSAGES.greeting),
    suggestions: entries.slice(0, MAX_SUGGESTIONS).map(suggestion),
    contacts: [],
    modules: [],
  });

  const answerOne = (text: string, ctx: AskContext): Answer => {
    const normalised = normalise(text);
    if (normalised === '' || isGreeting(normalised)) return greeting();
    const asked = withoutGreeting(normalised);
    if (ctx.previous && isFollowUp(asked)) return followUp(asked, { ...ctx, previous: ctx.previous });
    return single(asked, ctx);
  };

  return {
    buildMs: ranker.buildMs,
    calibration,
    entry: (id) => byId.get(id),
    answerFor: (id) => {
      const entry = byId.get(id);
      return entry ? faqAnswer(entry, 1) : null;
    },
    rank: (question) => ranker.rank(withoutGreeting(normalise(question))).hits,
    answer(asked, ctx = {}) {
      // Bounded work per message, whatever its length: the disclosure check reads the first
      // MAX_INPUT_CHARS, the search the first MAX_SEARCH_CHARS (a question is a few dozen words).
      const bounded = asked.length > MAX_INPUT_CHARS ? asked.slice(0, MAX_INPUT_CHARS) : asked;
      const question = bounded.length > MAX_SEARCH_CHARS ? bounded.slice(0, MAX_SEARCH_CHARS) : bounded;
      const normalised = normalise(bounded);
      const sensitive = isDisclosure(
        sensitiveMatch(normalised),
        detector.probability(normalised),
        isQuestionAboutTheTopic(normalised),
      );
      if (sensitive) {
        // A question about the training that reads like a disclosure gets care and the answer both.
        const asFaq = isAboutTheTraining(normalised) ? answerOne(question, ctx) : null;
        const answer = sensitiveAnswer(normalised, asFaq?.kind === 'faq' ? asFaq : null);
        return { ...answer, answers: [answer] };
      }
      if (normalised === '' || isGreeting(normalised)) {
        const answer = greeting();
        return { ...answer, answers: [answer] };
      }
      const parts = splitQuestions(question).slice(0, MAX_QUESTIONS);
      if (parts.length > 1) {
        const answers = parts.map((part) => answerOne(part, ctx));
        const answered = answers.filter((a) => a.kind === 'faq' || a.kind === 'personal');
        const distinct = new Set(answered.map((a) => a.faq?.id ?? a.kind));
        if (answered.length === answers.length && distinct.size === answers.length) {
          const [first] = answers as [Answer, ...Answer[]];
          return { ...first, answers };
        }
      }
      const answer = answerOne(question, ctx);
      return { ...answer, answers: [answer] };
    },
  };
}

function isPopulationFact(key: string): boolean {
  return key === 'role' || key === 'area' || key === 'studyYear';
}

/** A month and day followed by "deadline", as the FAQ names one group's ("the February 17th deadline"). */
const DEADLINE_IN_TEXT =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})(?:st|nd|rd|th)? deadline\b/g;

function isoOf(month: string, day: number, year: number): string | null {
  const m = MONTH_NAMES.indexOf(month) + 1;
  if (m === 0) return null;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** A YYYY-MM-DD calendar day as a person reads it; built from its parts so no time zone can shift it. */
function longDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return format(new Date(y ?? 0, (m ?? 1) - 1, d ?? 1), 'MMMM d, yyyy');
}

function ordinalDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return format(new Date(y ?? 0, (m ?? 1) - 1, d ?? 1), 'MMMM do');
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
