// message.im: a question sent to the app in a DM. Bot messages, edits and other subtypes are ignored.
import type { App } from '@slack/bolt';
import { TEXT } from '../../../bot/index.js';
import { attempt, describeSlackError } from '../../send.js';
import type { ListenerDeps } from '../deps.js';

export interface DirectMessage {
  user: string;
  channel: string;
  text: string;
  /** Set when the question was asked in a thread of the DM: the reply goes there too. */
  threadTs: string | undefined;
}

/** The DM a person typed, or null for anything else (bot posts, edits, deletions, file shares, channels). */
export function directMessage(event: Record<string, unknown>): DirectMessage | null {
  if (event['type'] !== 'message' || event['channel_type'] !== 'im') return null;
  if (event['subtype'] !== undefined || event['bot_id'] !== undefined || event['bot_profile'] !== undefined)
    return null;
  const { user, channel, text } = event;
  if (
    typeof user !== 'string' ||
    typeof channel !== 'string' ||
    typeof text !== 'string' ||
    text.trim() === ''
  ) {
    return null;
  }
  const threadTs = typeof event['thread_ts'] === 'string' ? event['thread_ts'] : undefined;
  return { user, channel, text, threadTs };
}

export function register(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, client, logger }) => {
    const dm = directMessage(event as unknown as Record<string, unknown>);
    if (!dm) return;
    const thread = dm.threadTs ? { thread_ts: dm.threadTs } : {};
    let reply: { text: string; blocks: unknown[] };
    try {
      const viewer = await deps.viewerFor(dm.user);
      reply = deps.bot.ask(viewer, dm.text, 'dm').message;
    } catch (error) {
      logger.error(`Answering a DM failed: ${describeSlackError(error)}`);
      reply = { text: TEXT.somethingWentWrong, blocks: [] };
    }
    await attempt(logger, 'chat.postMessage (DM answer)', () =>
      client.chat.postMessage({
        channel: dm.channel,
        text: reply.text,
        blocks: reply.blocks as never,
        ...thread,
      }),
    );
  });
}
