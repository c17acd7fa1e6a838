// What the engine decided, as an Answer: the FAQ's answer with its contacts and modules, fitted to the
// asker; the careful reply; "did you mean"; the personal status. The wording lives in src/text/messages.ts.
import { format } from 'date-fns/format';
import { spansYears } from '../content/facts.js';
import { cycleOpens } from '../content/group.js';
import type { Content } from '../content/load.js';
import type { Profile } from '../content/profile.js';
import type { Contact, FaqEntry, Resource, TrainingModule } from '../content/schemas.js';
import { renderStatusText } from '../rules/render.js';
import { describeFields, evaluateStatus, scheduleFaq } from '../rules/status.js';
import { ANSWER_TEXT } from '../text/messages.js';
import { type AnswerKind, type Band, MAX_SUGGESTIONS } from './decide.js';
import { isReportedDisclosure, type PersonalTopic } from './intent.js';
import { escapeMrkdwn, type Rendered, renderContact, renderFaqAnswer } from './render.js';
import { describeSituation, type SituationFacts } from './situation.js';

export interface Suggestion {
  id: string;
  question: string;
}

export interface Answer {
  kind: AnswerKind;
  /** How sure the engine was: the answer, "did you mean", or out of scope (kept for the misses review). */
  band: Band;
  faq: FaqEntry | null;
  /** 0..1: the model's probability for what was decided. */
  score: number;
  /** Plain text, contacts filled in. */
  text: string;
  /**
   * The same for Slack. Echoes nothing the person typed, but for an "I don't know" among several answers, which
   * names its part of the message (escaped), in the reply to that message.
   */
  mrkdwn: string;
  /** Related questions (faq) or the likeliest ones (did you mean); at most three. */
  suggestions: Suggestion[];
  /**
   * An answer's runner-up: the entry the model found next likeliest, plausible enough to be put first among
   * the related questions (decide.ts, ALTERNATIVE_AT), should the answer be the wrong one.
   */
  alternative?: string;
  contacts: Contact[];
  modules: TrainingModule[];
  personal?: { topic: PersonalTopic };
  /** Where to turn, with a sensitive answer. */
  resources?: Resource[];
  /** The FAQ answer to a message that also read like a disclosure: the support line is under it. */
  supportLine?: boolean;
  /**
   * Every question the message asked, answered in order (at most MAX_QUESTIONS); the top-level fields
   * describe the first. One element for a message with one question. Set by `answer`, not `answerFor`.
   */
  answers?: Answer[];
  /** Of a message with several questions, the part this answer answers (normalised), for the misses review. */
  asked?: string;
  /** The questions of the message past the first MAX_QUESTIONS, not answered: the reply says so. */
  questionsLeft?: number;
  /** The situation the answer was fitted to (from the question or the profile). */
  situation?: SituationFacts;
  /** Fitted with the asker's own record: it states their status, so it is shown to them alone. */
  forAsker?: boolean;
  /** An entry whose answer depends on the person (the schedule, the rules' entries): fitted when the record is known. */
  dependsOnAsker?: boolean;
  /** Unsure, and the question may be about the asker's own status: the reply offers it too. */
  offerStatus?: boolean;
  /** Not understood alone: answered as read with the asker's previous message (AskContext.previous). */
  readWithPrevious?: boolean;
}

/** What the engine may know besides the question. */
export interface AskContext {
  /** The asker, when known: answers that depend on the person apply the rules to them. */
  profile?: Profile;
  /** The moment of asking, for the rules (default: the engine's clock). */
  now?: Date;
  /**
   * The asker's message before this one, in the same conversation and minutes ago (the bot keeps it in memory
   * only, and never a sensitive one): a message not understood alone ("it ends March 15") is read with it.
   */
  previous?: string;
}

export interface Replies {
  entry(id: string): FaqEntry | undefined;
  /** Whether an entry's answer depends on the person (the schedule, the entries the rules cite). */
  dependsOnAsker(id: string): boolean;
  /** An entry's answer; `alternative`: the model's runner-up, first among the related questions. */
  faq(entry: FaqEntry, score: number, alternative?: string): Answer;
  /** The FAQ answer fitted to the asker's situation (named in the question, or their profile). */
  fitted(answer: Answer, facts: SituationFacts, ctx: AskContext): Answer;
  /** The FAQ answer with the support line under it. */
  withSupport(answer: Answer): Answer;
  /**
   * "I don't know"; `part`: the question of a message with several that it answers, named in its first line
   * (the other questions of the message are answered around it).
   */
  unknown(candidates: readonly string[], score: number, offerStatus?: boolean, part?: string): Answer;
  /** The careful reply; `candidates`: entries the message may have asked about, offered under it. */
  sensitive(normalised: string, alsoFaq: Answer | null, candidates?: readonly string[]): Answer;
  personal(topic: PersonalTopic, candidates: readonly string[], ctx: AskContext): Answer;
  /**
   * The greeting; `candidates`: entries the message may also have asked about, offered instead of the first.
   * `closing`: the message thanks or says goodbye, so with no candidates the reply is a short "glad to help" alone.
   */
  greeting(candidates?: readonly string[], closing?: boolean): Answer;
}

export function createReplies(content: Content, clock: () => Date): Replies {
  const entries = content.faq.entries;
  const byId = new Map(entries.map((e) => [e.id, e]));
  const contacts = content.contacts.contacts;
  const contactById = new Map(contacts.map((c) => [c.id, c]));
  const moduleById = new Map(content.modules.modules.map((m) => [m.id, m]));
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
  const suggestion = (entry: FaqEntry): Suggestion => ({ id: entry.id, question: entry.question });
  const suggestionsOf = (ids: readonly string[]) =>
    ids
      .map((id) => byId.get(id))
      .filter((e): e is FaqEntry => e !== undefined)
      .slice(0, MAX_SUGGESTIONS)
      .map(suggestion);
  const citation = (faq: string): string => {
    const entry = byId.get(faq);
    if (!entry) return `[FAQ ${faq}]`;
    return entry.number === undefined
      ? `[FAQ: ${entry.question}]`
      : `[FAQ ${entry.category} question ${entry.number}]`;
  };
  const safetyLine = (): Rendered => plain(content.resources.ifSomethingHappened);
  const groupEnds = new Set(content.schedule.groups.map((g) => g.window.end));
  // As {{deadline:GROUP}} writes it: with the year when the schedule runs over a new year.
  const withYears = spansYears(content.schedule);
  /**
   * "February 17th deadline", "November 21, 2025 deadline": a group's deadline named in the FAQ text, replaced
   * by the asker's, written the same way.
   */
  const withDeadline = (text: string, deadline: string): string =>
    text.replace(DEADLINE_IN_TEXT, (whole, month: string, day: string, written: string | undefined) => {
      // Without its year, the day is the one of either year of the cycle that is a group's deadline.
      const named = (written === undefined ? [year, year + 1] : [Number(written)])
        .map((y) => isoOf(month, Number(day), y))
        .find((iso) => iso !== null && groupEnds.has(iso));
      if (!named || named === deadline) return whole;
      return `${withYears ? longDay(deadline) : ordinalDay(deadline)} deadline (your group's)`;
    });

  const faq = (entry: FaqEntry, score: number, alternative?: string): Answer => ({
    kind: 'faq',
    band: 'answer',
    faq: entry,
    score: clamp(score),
    ...renderFaqAnswer(entry, contacts),
    suggestions: suggestionsOf(
      alternative === undefined
        ? entry.related
        : [alternative, ...entry.related.filter((id) => id !== alternative)],
    ),
    ...(alternative !== undefined ? { alternative } : {}),
    contacts: entry.contacts.map((id) => contactById.get(id)).filter((c): c is Contact => c !== undefined),
    modules: entry.modules
      .map((id) => moduleById.get(id))
      .filter((m): m is TrainingModule => m !== undefined),
    ...(personalEntries.has(entry.id) ? { dependsOnAsker: true } : {}),
  });

  return {
    entry: (id) => byId.get(id),
    dependsOnAsker: (id) => personalEntries.has(id),
    faq,
    fitted(answer, facts, ctx) {
      const entry = answer.faq;
      if (!entry || !personalEntries.has(entry.id)) return answer;
      const role = facts.role ?? ctx.profile?.role;
      if (role === undefined) return answer;
      const profile: Profile = { ...(ctx.profile ?? {}), ...facts, role };
      const status = evaluateStatus(profile, content, ctx.now ?? clock());
      const head = describeSituation(facts, longDay, content.policy) ?? ANSWER_TEXT.forYou;
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
        ...(ctx.profile ? { forAsker: true } : {}),
      };
    },
    withSupport(answer) {
      // The content's own sentence begins with what it is for ("If something happened to you …").
      const lines = [answer, safetyLine()];
      return { ...answer, ...join(lines), supportLine: true };
    },
    unknown(candidates, score, offerStatus = false, part) {
      const closest = suggestionsOf(candidates);
      const opening =
        closest.length > 0
          ? ANSWER_TEXT.notSure
          : part === undefined
            ? ANSWER_TEXT.unknown
            : ANSWER_TEXT.unknownPart(part);
      const lines: Rendered[] = [plain(opening)];
      if (closest.length > 0) {
        lines.push(plain(ANSWER_TEXT.didYouMean));
        for (const s of closest) lines.push(plain(`• ${s.question}`));
      } else lines.push(plain(ANSWER_TEXT.seeQuestions));
      if (general) {
        const contact = renderContact(general);
        lines.push({
          text: ANSWER_TEXT.askGeneral(contact.text),
          mrkdwn: ANSWER_TEXT.askGeneral(contact.mrkdwn),
        });
      }
      lines.push(safetyLine());
      return {
        kind: 'unknown',
        band: closest.length > 0 || offerStatus ? 'did-you-mean' : 'out-of-scope',
        faq: null,
        score: clamp(score),
        ...join(lines),
        suggestions: closest,
        ...(offerStatus ? { offerStatus: true } : {}),
        contacts: general ? [general] : [],
        modules: [],
      };
    },
    sensitive(normalised, alsoFaq, candidates = []) {
      const lines: Rendered[] = [
        plain(ANSWER_TEXT.sensitiveOpening),
        plain(content.resources.notReportingChannel),
        plain(ANSWER_TEXT.sensitiveOptions),
      ];
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
      if (alsoFaq?.faq)
        lines.push(plain(ANSWER_TEXT.alsoAsked), { text: alsoFaq.text, mrkdwn: alsoFaq.mrkdwn });
      // The FAQ on situations brought to you comes first; else the entries the message may have asked about.
      const offered = reported || alsoFaq?.faq ? [] : suggestionsOf(candidates);
      if (offered.length > 0) lines.push(plain(ANSWER_TEXT.ifAboutTraining));
      return {
        kind: 'sensitive',
        band: 'answer',
        faq: alsoFaq?.faq ?? null,
        score: 1,
        ...join(lines),
        suggestions: reported ? broughtToYou.slice(0, MAX_SUGGESTIONS).map(suggestion) : offered,
        contacts: [
          ...resourceContacts,
          ...(alsoFaq?.contacts ?? []).filter((c) => !resourceContacts.includes(c)),
        ],
        modules: alsoFaq?.modules ?? [],
        resources: sensitiveResources,
      };
    },
    personal(topic, candidates, ctx) {
      const offered = suggestionsOf(candidates);
      const base = {
        kind: 'personal' as const,
        band: 'answer' as const,
        faq: null,
        score: 1,
        suggestions: offered,
        contacts: [],
        modules: [],
        personal: { topic },
      };
      // The entries the message may have asked about instead (plausible, as under "did you mean").
      const after = offered.length > 0 ? [plain(ANSWER_TEXT.ifInGeneral)] : [];
      if (ctx.profile) {
        const status = renderStatusText(evaluateStatus(ctx.profile, content, ctx.now ?? clock()), content);
        return { ...base, ...join([{ text: status, mrkdwn: escapeMrkdwn(status) }, ...after]) };
      }
      return {
        ...base,
        ...join([plain(ANSWER_TEXT.personal[topic]), plain(ANSWER_TEXT.personalNeedsProfile), ...after]),
      };
    },
    greeting: (candidates = [], closing = false) => {
      const welcome = closing && candidates.length === 0;
      return {
        kind: 'greeting',
        band: candidates.length > 0 ? 'did-you-mean' : 'answer',
        faq: null,
        score: 1,
        ...plain(welcome ? ANSWER_TEXT.closing : ANSWER_TEXT.greeting),
        suggestions: welcome
          ? []
          : candidates.length > 0
            ? suggestionsOf(candidates)
            : entries.slice(0, MAX_SUGGESTIONS).map(suggestion),
        contacts: [],
        modules: [],
      };
    },
  };
}

/**
 * A month and day, and the year when given, followed by "deadline", as the FAQ names one group's ("the
 * February 17th deadline", "the November 21, 2025 deadline").
 */
const DEADLINE_IN_TEXT =
  /\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})(?:st|nd|rd|th)?(?:, (\d{4}))? deadline\b/g;

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

function isoOf(month: string, day: number, year: number): string | null {
  const m = MONTH_NAMES.indexOf(month) + 1;
  if (m === 0) return null;
  return `${year}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A YYYY-MM-DD calendar day as a person reads it; built from its parts so no time zone can shift it. */
export function longDay(iso: string): string {
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
