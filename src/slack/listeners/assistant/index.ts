// Slack's assistant thread (the "Agents & AI apps" split view): suggested prompts when it opens, a status
// while the answer is found, the thread titled by its first question, and the answer exactly as in a DM,
// with 👍/👎 as Slack's feedback buttons. Workspaces without the surface never send these events; the DM,
// App Home and slash command are unchanged.
//
// Bolt reads any threaded DM as an assistant message, so a question in a thread of the ordinary DM comes
// here too and is answered in its thread (with ordinary 👍/👎 where Slack refuses the feedback buttons:
// post-reply.ts); the status and title calls, which only an assistant thread accepts, are let go quietly.
// Nothing a person typed is kept or logged: the title is sent to Slack, never stored.
import { createHash } from 'node:crypto';
import { type App, Assistant, type AssistantConfig, type Logger } from '@slack/bolt';
import { TEXT } from '../../../text/messages.js';
import { attempt, describeSlackError } from '../../send.js';
import { timeAnswer } from '../../timing.js';
import { buildSuggestedPrompts, buildThreadTitle } from '../../views/assistant.js';
import type { ListenerDeps } from '../deps.js';
import { handleDirectMessage } from '../messages/handle-direct-message.js';
import { directMessage } from '../messages/index.js';

/**
 * The app does not read the channel a person has open beside the thread, so it keeps no thread context
 * (Bolt's default store would post and update a message to hold it).
 */
const NO_THREAD_CONTEXT: NonNullable<AssistantConfig['threadContextStore']> = {
  get: async () => ({}),
  save: async () => undefined,
};

/**
 * What the events' table keeps to title a thread once: a one-way hash of the thread, so the table holds no
 * DM channel (the person's) next to the time.
 */
export function titledKey(channel: string, threadTs: string): string {
  return `assistant-title:${createHash('sha256').update(`${channel}:${threadTs}`).digest('base64url')}`;
}

/** A call only an assistant thread accepts: in an ordinary DM thread Slack refuses it, and that is fine. */
async function quietly(logger: Logger, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    logger.debug(`${what} not applied: ${describeSlackError(error)}`);
  }
}

export function register(app: App, deps: ListenerDeps): void {
  app.assistant(
    new Assistant({
      threadContextStore: NO_THREAD_CONTEXT,
      threadStarted: async ({ event, client, logger, setSuggestedPrompts }) => {
        const { channel_id: channel, thread_ts } = event.assistant_thread;
        await attempt(logger, 'chat.postMessage (assistant welcome)', () =>
          client.chat.postMessage({ channel, thread_ts, text: TEXT.assistantWelcome }),
        );
        const prompts = buildSuggestedPrompts(deps.bot.suggestedPrompts());
        if (prompts.length > 0)
          await attempt(logger, 'assistant.threads.setSuggestedPrompts', () =>
            setSuggestedPrompts({ prompts, title: TEXT.assistantPromptsTitle }),
          );
      },
      // The context (which channel is open beside the thread) is not used: nothing to keep.
      threadContextChanged: async () => undefined,
      userMessage: async ({ message, client, logger, context, setStatus, setTitle }) => {
        const dm = directMessage(message as unknown as Record<string, unknown>);
        if (!dm || dm.threadTs === undefined) return;
        const threadTs = dm.threadTs;
        await quietly(logger, 'assistant.threads.setStatus', () => setStatus(TEXT.assistantStatus));
        const kind = await timeAnswer(deps.metrics, 'dm', context, () =>
          handleDirectMessage(deps, dm, { client, logger }),
        );
        // Titled once, by the first question; a personal or sensitive one gets a neutral title instead.
        const first = (await deps.firstTime?.(titledKey(dm.channel, threadTs))) ?? true;
        if (first) {
          const title =
            kind === 'faq' || kind === 'unknown' || kind === 'greeting'
              ? buildThreadTitle(dm.text)
              : TEXT.assistantPrivateTitle;
          await quietly(logger, 'assistant.threads.setTitle', () => setTitle(title));
        }
      },
    }),
  );
}
