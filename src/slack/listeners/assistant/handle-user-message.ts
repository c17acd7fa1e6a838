// A question in Slack's assistant thread: a status while it is answered, the answer exactly as a DM gets it
// (the same handler), and the thread titled once, by its first question.
import { createHash } from 'node:crypto';
import type { AssistantUserMessageMiddleware, Logger } from '@slack/bolt';
import { TEXT } from '../../../text/messages.js';
import { describeSlackError } from '../../send.js';
import { timeAnswer } from '../../timing.js';
import { buildThreadTitle } from '../../views/assistant.js';
import type { ListenerDeps } from '../deps.js';
import { handleDirectMessage } from '../messages/handle-direct-message.js';
import { directMessage } from '../messages/index.js';

export type UserMessageArgs = Parameters<AssistantUserMessageMiddleware>[0];

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

export async function handleUserMessage(deps: ListenerDeps, args: UserMessageArgs): Promise<void> {
  const { message, client, logger, context, setStatus, setTitle } = args;
  const dm = directMessage(message as unknown as Record<string, unknown>);
  if (!dm || dm.threadTs === undefined) return;
  const threadTs = dm.threadTs;
  await quietly(logger, 'assistant.threads.setStatus', () => setStatus(TEXT.assistantStatus));
  const kind = await timeAnswer(deps.metrics, 'dm', context, () =>
    handleDirectMessage(deps, dm, { client, logger }),
  );
  // Titled once, by the first question; a personal or sensitive one gets a neutral title instead.
  const first = (await deps.firstTime?.(titledKey(dm.channel, threadTs))) ?? true;
  if (!first) return;
  const title =
    kind === 'faq' || kind === 'unknown' || kind === 'greeting'
      ? buildThreadTitle(dm.text)
      : TEXT.assistantPrivateTitle;
  await quietly(logger, 'assistant.threads.setTitle', () => setTitle(title));
}
