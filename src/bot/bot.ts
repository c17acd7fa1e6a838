// The conversation, transport-neutral: given who is asking, turns a DM, a mention, a subcommand, a button or
// the eligibility check into a Reply (data). Slack and the console render and deliver it.
import type { Answer, AnswerEngine, AnswerKind, Band } from '../answer/index.js';
import type { Content } from '../content/load.js';
import type { SuggestedPrompt } from '../content/schemas.js';
import { dayIn, evaluateStatus, type PersonalStatus } from '../rules/index.js';
import { ANSWER_TEXT, TEXT } from '../text/messages.js';
import { escapeMrkdwn } from '../text/mrkdwn.js';
import {
  type Form,
  type FormErrors,
  type FormValues,
  type Home,
  type Message,
  note,
  type Reply,
  type Vote,
} from '../text/reply.js';
import type { FeedbackSink } from './feedback.js';
import { createFollowUpMemory } from './follow-ups.js';
import { answerMessage, joinAnswers, suggestionButtons } from './replies/answer.js';
import { checkForm, checkResultForm, parseCheck } from './replies/eligibility.js';
import { HOME_OVERFLOW, home } from './replies/home.js';
import {
  contactsMessage,
  helpMessage,
  modulesMessage,
  optionsPhrase,
  questionsMessage,
  scheduleMessage,
} from './replies/info.js';
import { noRecordMessage } from './replies/no-record.js';
import { privacyNote } from './replies/privacy.js';
import { checkOffer, statusMessage } from './replies/status.js';
import { parseSubcommand, type Subcommand, visibleSubcommands } from './subcommands/index.js';
import type { Viewer } from './viewer.js';

/** Where a message came from: it decides what may be said in public. */
export type Origin = 'dm' | 'mention' | 'command';

export interface AskReply {
  message: Message;
  /** Personal or sensitive: in a channel this goes to the person only (ephemeral or DM), never the channel. */
  private: boolean;
  kind: AnswerKind;
  faqId: string | null;
}

export interface AnsweredEvent {
  kind: AnswerKind;
  /** How sure the engine was (an unknown is "did you mean" or out of scope): counted for the misses review. */
  band: Band;
  faqId: string | null;
  origin: Origin;
}

/** Who is talking, as an opaque key for in-memory pairing (a 👎 with its question); never to be stored. */
export function askerKey(viewer: Viewer): string {
  return viewer.slackUserId ?? viewer.email ?? 'anonymous';
}

export interface BotDeps {
  content: Content;
  engine: AnswerEngine;
  now: () => Date;
  feedback: FeedbackSink;
  /** The privacy notice for help, the App Home and the first DM, one line each. */
  privacyNotice: readonly string[];
  /** Every answer given, without its text: for counts per kind and day. */
  onAnswer?: (event: AnsweredEvent) => void;
  /**
   * A question the bot could not answer, never a sensitive one: for content editors (redacted before kept).
   * `part`: of a message with several questions, the one not answered (the rest was).
   */
  onMiss?: (miss: { question: string; part?: string; origin: Origin }) => void;
  /** An FAQ answer to a typed question (not a sensitive one): lets a later 👎 on it keep the question. */
  onFaqAnswered?: (event: { asker: string; faqId: string; question: string }) => void;
  /** A 👍/👎 after it is counted, with the same `asker` key when the transport knows who voted. */
  onFeedback?: (event: { asker: string | null; faqId: string; vote: Vote }) => void;
  /** True for a person's first DM with the bot: the reply then carries the privacy notice. */
  isFirstContact?: (viewer: Viewer) => boolean | Promise<boolean>;
  /** Subcommands beyond the built-in ones: the admin `remind` and `report`. */
  subcommands?: readonly Subcommand[];
}

export type CheckResult = { ok: true; form: Form } | { ok: false; errors: FormErrors };

export interface Bot {
  ask(viewer: Viewer, question: string, origin: Origin): Promise<AskReply>;
  /**
   * A DM or a mention as typed: a bare subcommand word (`help`, `status`, `questions`) runs it, its reply for
   * the person alone; anything else is a question.
   */
  message(viewer: Viewer, text: string, origin?: Origin): Promise<AskReply>;
  command(viewer: Viewer, text: string): Promise<Reply>;
  status(viewer: Viewer): Message;
  /** An FAQ answer by id (related-question and App Home buttons); null for an id the content lacks. */
  openFaq(viewer: Viewer, faqId: string, options?: { feedback?: boolean }): Message | null;
  /** Counts the vote and gives the message as it should now look; null for an unknown FAQ id. */
  feedback(
    faqId: string,
    vote: Vote,
    asker?: string | null,
    /** The answer message voted on: with an asker, one vote per person per message (the last stands). */
    message?: string,
  ): Promise<Message | null>;
  openCheck(): Form;
  submitCheck(values: FormValues): CheckResult;
  home(viewer: Viewer): Promise<Home>;
  /** What a transport says at the end of an App Home that has more than it can show. */
  readonly homeOverflow: string;
  /** The subcommands this viewer may use, in help order. */
  subcommands(viewer: Viewer): Subcommand[];
  /** What Slack's assistant thread suggests when it opens (content's `prompts`). */
  suggestedPrompts(): readonly SuggestedPrompt[];
}

export function createBot(deps: BotDeps): Bot {
  const { content, engine } = deps;
  const privacy = deps.privacyNotice;
  const statusOf = (viewer: Viewer): PersonalStatus | null =>
    viewer.profile ? evaluateStatus(viewer.profile, content, deps.now()) : null;
  const today = () => dayIn(deps.now(), content.schedule.cycle.timeZone);
  const followUps = createFollowUpMemory(deps.now);

  const status = (viewer: Viewer): Message => {
    const s = statusOf(viewer);
    return s
      ? statusMessage(s, content, { offerCheck: true })
      : noRecordMessage(content, { unavailable: viewer.recordsUnavailable === true });
  };

  const withFirstContactNotice = async (viewer: Viewer, message: Message): Promise<Message> =>
    (await deps.isFirstContact?.(viewer))
      ? { ...message, parts: [...message.parts, privacyNote(privacy)] }
      : message;

  /** One answer of a message as its reply; a slash command's reply says what it answers. */
  const messageFor = (viewer: Viewer, answer: Answer, question: string, origin: Origin): Message => {
    // A slash command's text is not shown in the channel, so the reply says what it answers; never for a
    // sensitive message, which is not repeated back.
    const echo = origin === 'command' ? { question } : {};
    switch (answer.kind) {
      case 'personal': {
        const own = status(viewer);
        // The FAQ entries the message may have asked about instead, as under "did you mean".
        return answer.suggestions.length > 0
          ? {
              ...own,
              parts: [...own.parts, note(ANSWER_TEXT.ifInGeneral), suggestionButtons(answer.suggestions)],
            }
          : own;
      }
      case 'unknown': {
        const message = answerMessage(answer, echo);
        if (!answer.offerStatus) return message;
        // It may be about the asker: their status when their record is known, else the check that works it out.
        const known = viewer.profile !== null || viewer.recordsUnavailable === true;
        const own = known ? [note(TEXT.ifAboutYou), ...status(viewer).parts] : [checkOffer()];
        return { ...message, parts: [...message.parts, ...own] };
      }
      case 'greeting':
        return answerMessage(answer, echo);
      case 'faq': {
        // In a channel, one person's vote would change the message everyone sees: no feedback buttons there.
        const answered = answerMessage(answer, { ...echo, feedback: origin !== 'mention' });
        // A follow-up read with the message before it says so: if that was not what was meant, the person sees why.
        const message = answer.readWithPrevious
          ? { ...answered, parts: [note(TEXT.readWithPrevious), ...answered.parts] }
          : answered;
        // The general answer to a question about oneself, when the record cannot be read: say why it is general.
        return answer.dependsOnAsker && viewer.recordsUnavailable === true
          ? { ...message, parts: [note(TEXT.recordsUnavailable), ...message.parts] }
          : message;
      }
      case 'sensitive':
        return answerMessage(answer);
      default:
        return answer.kind satisfies never;
    }
  };

  const ask = async (viewer: Viewer, question: string, origin: Origin): Promise<AskReply> => {
    const asker = askerKey(viewer);
    // In a DM, the message before this one (minutes ago) is context for one not understood alone.
    const previous = origin === 'dm' ? followUps.recall(asker) : undefined;
    const answer = engine.answer(question, {
      now: deps.now(),
      ...(viewer.profile ? { profile: viewer.profile } : {}),
      ...(previous === undefined ? {} : { previous }),
    });
    // A message that tells something (the careful reply, or an answer with the support line under it) is not kept,
    // not even for ten minutes as the message before the next one, nor held for a 👎.
    const told = answer.kind === 'sensitive' || answer.supportLine === true;
    if (origin === 'dm') {
      if (told) followUps.forget(asker);
      else followUps.remember(asker, question);
    }
    const faqId = answer.faq?.id ?? null;
    deps.onAnswer?.({ kind: answer.kind, band: answer.band, faqId, origin });
    const answers = answer.answers && answer.answers.length > 1 ? answer.answers : [answer];
    // A message whose one part is out of scope ("…, and how do I reset my password") is a miss too: that part
    // (`asked`, set on each part of a message with several questions). Not one that told something: kept nowhere.
    if (!told)
      for (const a of answers)
        if (a.kind === 'unknown')
          deps.onMiss?.({ question, ...(a.asked === undefined ? {} : { part: a.asked }), origin });
    if (answer.kind === 'faq' && faqId !== null && !told) deps.onFaqAnswered?.({ asker, faqId, question });
    let message = joinAnswers(answers.map((a, i) => messageFor(viewer, a, i === 0 ? question : '', origin)));
    if (answer.questionsLeft !== undefined)
      message = {
        ...message,
        parts: [...message.parts, note(TEXT.questionsLeft(answers.length, answer.questionsLeft))],
      };
    if (origin === 'dm') message = await withFirstContactNotice(viewer, message);
    return {
      message,
      // An FAQ answer fitted with the asker's record, or "did you mean" with their status, states their status:
      // theirs alone, like a personal one.
      private: answers.some(
        (a) =>
          a.kind === 'personal' || a.kind === 'sensitive' || a.forAsker === true || a.offerStatus === true,
      ),
      kind: answer.kind,
      faqId,
    };
  };

  const reply = (message: Message): Reply => ({ type: 'message', private: true, message });
  const helpReply = (viewer: Viewer, intro?: string): Message =>
    helpMessage(
      bot.subcommands(viewer).map((s) => ({ usage: s.usage, description: s.description })),
      intro === undefined ? { privacy } : { intro, privacy },
    );

  // Said as the content is shaped: training groups with windows, deadlines counted from each person's dates,
  // or both (help names no group or window to people who have none).
  const hasWindows = content.schedule.groups.length > 0;
  const builtIns: Subcommand[] = [
    {
      name: 'status',
      usage: 'status',
      description: `your own status: required or not and why, ${
        hasWindows ? 'your group, window, deadline' : 'your deadline and the rule it comes from,'
      } and what to do next`,
      bare: true,
      run: (viewer) => reply(status(viewer)),
    },
    {
      name: 'ask',
      usage: 'ask <question>',
      description: 'ask a question about the training in your own words',
      run: async (viewer, args) =>
        args === ''
          ? reply(helpReply(viewer, TEXT.askUsage))
          : reply((await ask(viewer, args, 'command')).message),
    },
    {
      name: 'questions',
      usage: 'questions',
      description: 'every question the FAQ answers, each with a button that gives its answer',
      bare: true,
      run: () => reply(questionsMessage(content)),
    },
    {
      name: 'modules',
      usage: 'modules',
      description: `${optionsPhrase(content).replace(/^\S+ of the /, 'the ')} and how to reach the course`,
      bare: true,
      run: () => reply(modulesMessage(content)),
    },
    {
      name: 'schedule',
      usage: 'schedule',
      description: [
        hasWindows ? 'the rollout schedule: each training group and its completion window' : '',
        content.policy.deadlines.length > 0 ? 'when the training is due, counted from your own dates' : '',
      ]
        .filter(Boolean)
        .join('; '),
      bare: true,
      run: (viewer) =>
        reply(scheduleMessage(content, { today: today(), groupId: statusOf(viewer)?.group?.id ?? null })),
    },
    {
      name: 'contacts',
      usage: 'contacts',
      description: 'who to contact about what',
      bare: true,
      run: () => reply(contactsMessage(content)),
    },
    {
      name: 'help',
      usage: 'help',
      description: 'this list',
      bare: true,
      run: (viewer) => reply(helpReply(viewer)),
    },
  ];

  const bot: Bot = {
    ask,
    status,
    homeOverflow: HOME_OVERFLOW,
    subcommands: (viewer) => visibleSubcommands([...builtIns, ...(deps.subcommands ?? [])], viewer),
    suggestedPrompts: () => content.faq.prompts,
    async message(viewer, text, origin = 'dm') {
      const word = /^\/?([a-z]+)[.!?]?$/i.exec(text.trim())?.[1]?.toLowerCase();
      const bare = word && bot.subcommands(viewer).find((s) => s.bare && s.name === word);
      if (bare) {
        const result = await bare.run(viewer, '');
        if (result.type === 'message') {
          return {
            message: await withFirstContactNotice(viewer, result.message),
            private: true,
            kind: 'greeting',
            faqId: null,
          };
        }
      }
      return ask(viewer, text, origin);
    },
    async command(viewer, text) {
      const { name, args } = parseSubcommand(text);
      const found = bot.subcommands(viewer).find((s) => s.name === name);
      if (found) return found.run(viewer, args);
      // One that exists but is not theirs (an admin subcommand): a polite refusal, nothing run.
      if (deps.subcommands?.some((s) => s.name === name))
        return reply(helpReply(viewer, TEXT.notAllowed(name)));
      // Empty or unknown: help, listing only what they may use.
      const intro = name === '' ? undefined : TEXT.unknownSubcommand(escapeMrkdwn(name.slice(0, 40)));
      return reply(helpReply(viewer, intro));
    },
    openFaq(_viewer, faqId, options = {}) {
      const answer = engine.answerFor(faqId);
      return answer && answerMessage(answer, { feedback: options.feedback ?? true });
    },
    async feedback(faqId, vote, asker = null, message) {
      const answer = engine.answerFor(faqId);
      if (!answer) return null;
      const ballot = asker !== null && message !== undefined ? { message, voter: asker } : undefined;
      const outcome = await deps.feedback.record(faqId, vote, ballot);
      if (outcome !== 'unchanged') deps.onFeedback?.({ asker, faqId, vote });
      return answerMessage(answer, { voted: vote });
    },
    openCheck: () => checkForm(content),
    submitCheck(values) {
      const parsed = parseCheck(values, content);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        form: checkResultForm(evaluateStatus(parsed.profile, content, deps.now()), content),
      };
    },
    home: async (viewer) =>
      home({
        content,
        status: statusOf(viewer),
        today: today(),
        privacy,
        recordsUnavailable: viewer.recordsUnavailable === true,
      }),
  };
  return bot;
}
