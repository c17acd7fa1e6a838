// The conversation, transport-neutral: given who is asking, turns a DM, a mention, a subcommand, a button or
// the eligibility check into a reply built by the pure views. Slack and the console only deliver it.
import type { AnswerEngine, AnswerKind } from '../answer/index.js';
import type { Content } from '../content/load.js';
import { dayIn, evaluateStatus, type PersonalStatus } from '../rules/index.js';
import { escapeMrkdwn } from '../slack/escape.js';
import { buildAnswerMessage } from '../slack/views/answer.js';
import type { HomeView, MessageView, ModalView } from '../slack/views/blocks.js';
import {
  buildEligibilityModal,
  buildEligibilityResultModal,
  type CheckSubmission,
  parseEligibilitySubmission,
  type ViewStateValues,
} from '../slack/views/eligibility.js';
import { buildHomeView } from '../slack/views/home.js';
import {
  buildContactsMessage,
  buildHelpMessage,
  buildModulesMessage,
  buildScheduleMessage,
} from '../slack/views/info.js';
import { buildNoRecordMessage } from '../slack/views/no-record.js';
import { defaultPrivacyNotice, privacyBlock } from '../slack/views/privacy.js';
import { buildStatusMessage } from '../slack/views/status.js';
import type { FeedbackSink, Vote } from './feedback.js';
import { TEXT } from './messages.js';
import { parseSubcommand, type Subcommand, visibleSubcommands } from './subcommands.js';
import type { Viewer } from './viewer.js';

/** Where a message came from: it decides what may be said in public. */
export type Surface = 'dm' | 'mention' | 'command';

export type BotReply =
  | { type: 'message'; message: MessageView; private: boolean }
  | { type: 'modal'; modal: ModalView };

export interface AskReply {
  message: MessageView;
  /** Personal or sensitive: in a channel this goes to the person only (ephemeral or DM), never the channel. */
  private: boolean;
  kind: AnswerKind;
  faqId: string | null;
}

export interface AnsweredEvent {
  kind: AnswerKind;
  faqId: string | null;
  surface: Surface;
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
  /** Every answer given, without its text: for counts per kind and day (issue 8). */
  onAnswer?: (event: AnsweredEvent) => void;
  /**
   * A question the bot could not answer, never a sensitive one: for content editors (issue 8 redacts before
   * it stores anything). Not called at all unless wired.
   */
  onMiss?: (miss: { question: string; surface: Surface }) => void;
  /**
   * An FAQ answer to a question someone typed (not a sensitive one): lets a later 👎 on it keep the question
   * (issue 8). `asker` is `askerKey(viewer)`.
   */
  onFaqAnswered?: (event: { asker: string; faqId: string; question: string }) => void;
  /** A 👍/👎 after it is counted, with the same `asker` key when the transport knows who voted. */
  onFeedback?: (event: { asker: string | null; faqId: string; vote: Vote }) => void;
  /** True for a person's first DM with the bot: the reply then carries the privacy notice (issue 8). */
  isFirstContact?: (viewer: Viewer) => boolean;
  /** The privacy notice for help, the App Home and the first DM, one line each; a default says what this app keeps. */
  privacyNotice?: readonly string[];
  /** Subcommands beyond the built-in ones, e.g. admin `remind` and `report` (issue 7). */
  subcommands?: readonly Subcommand[];
}

export interface Bot {
  ask(viewer: Viewer, question: string, surface: Surface): AskReply;
  command(viewer: Viewer, text: string): Promise<BotReply>;
  status(viewer: Viewer): MessageView;
  /** An FAQ answer by id (related-question and App Home buttons); null for an id the content lacks. */
  openFaq(viewer: Viewer, faqId: string, options?: { feedback?: boolean }): MessageView | null;
  /** Counts the vote and gives the message as it should now look; null for an unknown FAQ id. */
  feedback(faqId: string, vote: Vote, asker?: string | null): MessageView | null;
  openCheck(): ModalView;
  submitCheck(
    values: ViewStateValues,
  ): { ok: true; modal: ModalView } | Extract<CheckSubmission, { ok: false }>;
  home(viewer: Viewer): HomeView;
  /** The subcommands this viewer may use, in help order. */
  subcommands(viewer: Viewer): Subcommand[];
}

export function createBot(deps: BotDeps): Bot {
  const { content, engine } = deps;
  const privacy = deps.privacyNotice ?? defaultPrivacyNotice(content);
  const statusOf = (viewer: Viewer): PersonalStatus | null =>
    viewer.profile ? evaluateStatus(viewer.profile, content, deps.now()) : null;

  const statusMessage = (viewer: Viewer): MessageView => {
    const status = statusOf(viewer);
    return status ? buildStatusMessage(status, content, { offerCheck: true }) : buildNoRecordMessage(content);
  };

  const ask = (viewer: Viewer, question: string, surface: Surface): AskReply => {
    const answer = engine.answer(question);
    const faqId = answer.faq?.id ?? null;
    deps.onAnswer?.({ kind: answer.kind, faqId, surface });
    // A slash command's text is not shown in the channel, so the reply says what it answers; never for a
    // sensitive message, which is not repeated back.
    const echo = surface === 'command' ? { question } : {};
    let message: MessageView;
    switch (answer.kind) {
      case 'personal':
        message = statusMessage(viewer);
        break;
      case 'unknown':
        deps.onMiss?.({ question, surface });
        message = buildAnswerMessage(answer, echo);
        break;
      case 'faq':
        if (faqId !== null) deps.onFaqAnswered?.({ asker: askerKey(viewer), faqId, question });
        // In a channel, one person's vote would change the message everyone sees: no feedback buttons there.
        message = buildAnswerMessage(answer, { ...echo, feedback: surface !== 'mention' });
        break;
      case 'greeting':
        message = buildAnswerMessage(answer, echo);
        break;
      case 'sensitive':
        message = buildAnswerMessage(answer);
        break;
      default:
        return answer.kind satisfies never;
    }
    if (surface === 'dm' && deps.isFirstContact?.(viewer)) {
      message = { ...message, blocks: [...message.blocks, privacyBlock(privacy)] };
    }
    return {
      message,
      private: answer.kind === 'personal' || answer.kind === 'sensitive',
      kind: answer.kind,
      faqId,
    };
  };

  const bot: Bot = {
    ask,
    status: statusMessage,
    subcommands: (viewer) => visibleSubcommands([...builtIns, ...(deps.subcommands ?? [])], viewer),
    async command(viewer, text) {
      const { name, args } = parseSubcommand(text);
      const available = bot.subcommands(viewer);
      const found = available.find((s) => s.name === name);
      if (found) return found.run(viewer, args);
      // One that exists but is not theirs (an admin subcommand): a polite refusal, nothing run.
      if (deps.subcommands?.some((s) => s.name === name)) {
        return { type: 'message', private: true, message: helpMessage(viewer, TEXT.notAllowed(name)) };
      }
      // Empty or unknown, including one this viewer may not use: help, listing only what they may.
      const intro = name === '' ? undefined : TEXT.unknownSubcommand(escapeMrkdwn(name.slice(0, 40)));
      return { type: 'message', private: true, message: helpMessage(viewer, intro) };
    },
    openFaq(_viewer, faqId, options = {}) {
      const answer = engine.answerFor(faqId);
      return answer && buildAnswerMessage(answer, { feedback: options.feedback ?? true });
    },
    feedback(faqId, vote, asker = null) {
      const answer = engine.answerFor(faqId);
      if (!answer) return null;
      deps.feedback.record(faqId, vote);
      deps.onFeedback?.({ asker, faqId, vote });
      return buildAnswerMessage(answer, { voted: vote });
    },
    openCheck: () => buildEligibilityModal(),
    submitCheck(values) {
      const parsed = parseEligibilitySubmission(values);
      if (!parsed.ok) return parsed;
      return {
        ok: true,
        modal: buildEligibilityResultModal(evaluateStatus(parsed.profile, content, deps.now()), content),
      };
    },
    home(viewer) {
      return buildHomeView({
        content,
        status: statusOf(viewer),
        today: dayIn(deps.now(), content.schedule.cycle.timeZone),
        privacy,
      });
    },
  };
  const helpMessage = (viewer: Viewer, intro?: string): MessageView =>
    buildHelpMessage(
      bot.subcommands(viewer).map((s) => ({ usage: s.usage, description: s.description })),
      intro === undefined ? { privacy } : { intro, privacy },
    );
  const reply = (message: MessageView): BotReply => ({ type: 'message', private: true, message });
  const builtIns: Subcommand[] = [
    {
      name: 'status',
      usage: 'status',
      description:
        'your own status: required or not and why, your group, window, deadline and what to do next',
      run: (viewer) => reply(statusMessage(viewer)),
    },
    {
      name: 'ask',
      usage: 'ask <question>',
      description: 'ask a question about the training in your own words',
      run: (viewer, args) =>
        args === '' ? reply(helpMessage(viewer, TEXT.askUsage)) : reply(ask(viewer, args, 'command').message),
    },
    {
      name: 'modules',
      usage: 'modules',
      description: 'the five module options and how to reach the course',
      run: () => reply(buildModulesMessage(content)),
    },
    {
      name: 'schedule',
      usage: 'schedule',
      description: 'the rollout schedule: each training group and its completion window',
      run: (viewer) =>
        reply(
          buildScheduleMessage(content, {
            today: dayIn(deps.now(), content.schedule.cycle.timeZone),
            groupId: statusOf(viewer)?.group?.id ?? null,
          }),
        ),
    },
    {
      name: 'contacts',
      usage: 'contacts',
      description: 'who to contact about what',
      run: () => reply(buildContactsMessage(content)),
    },
    {
      name: 'help',
      usage: 'help',
      description: 'this list',
      run: (viewer) => reply(helpMessage(viewer)),
    },
  ];
  return bot;
}

/** An FAQ entry's answer as the engine gives it for a confident match (the engine answers only questions). */
