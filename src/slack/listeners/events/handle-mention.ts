// app_mention: an FAQ answer in the thread; anything personal or sensitive, and a bare subcommand's reply, only to
// the person.
import type { Logger, webApi } from '@slack/bolt';
import { TEXT } from '../../../text/messages.js';
import type { Message } from '../../../text/reply.js';
import { attempt, describeSlackError } from '../../send.js';
import { renderMessage } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

/** The question without the `<@U…>` mentions around it. */
export function mentionText(text: string): string {
  return text
    .replace(/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export interface Mention {
  user: string;
  channel: string;
  text: string;
  threadTs: string;
}

export async function handleMention(
  deps: ListenerDeps,
  mention: Mention,
  { client, logger }: { client: webApi.WebClient; logger: Logger },
): Promise<void> {
  const { user, channel, threadTs } = mention;
  let reply: { message: Message; private: boolean };
  try {
    const viewer = await deps.viewerFor(user);
    // A bare subcommand ("@bot questions", "@bot status") runs as in a DM, its reply for the person alone.
    reply = await deps.bot.message(viewer, mentionText(mention.text), 'mention');
  } catch (error) {
    logger.error(`Answering a mention failed: ${describeSlackError(error)}`);
    reply = { message: { text: TEXT.somethingWentWrong, parts: [] }, private: true };
  }
  const payload = renderMessage(reply.message);
  if (!reply.private) {
    await attempt(logger, 'chat.postMessage (thread answer)', () =>
      client.chat.postMessage({ channel, thread_ts: threadTs, ...payload }),
    );
    return;
  }
  // Only the person sees an ephemeral message; if Slack refuses it, their DM is the other private place.
  const ephemeral = await attempt(logger, 'chat.postEphemeral (private answer to a mention)', () =>
    client.chat.postEphemeral({ channel, user, thread_ts: threadTs, ...payload }),
  );
  if (ephemeral === undefined) {
    await attempt(logger, 'chat.postMessage (private answer to a mention, by DM)', () =>
      client.chat.postMessage({ channel: user, ...payload }),
    );
  }
}
