// Posting a reply to a DM or a DM thread. In a thread (Slack's assistant thread, or a thread of the DM), 👍/👎
// are drawn as Slack's feedback buttons; where Slack refuses those blocks (a workspace or client without the
// assistant surface), the same reply goes out once more with ordinary buttons. A refused post was not
// delivered, so sending it again never doubles an answer.
import type { Logger } from '@slack/bolt';
import type { Message } from '../text/reply.js';
import { attempt, describeSlackError } from './send.js';
import { type MessageView, renderMessage } from './views/render.js';
import { type ReplyCaller, SlackCallError } from './web-api/replies.js';

/** Slack's answer to blocks it does not accept. */
const REFUSED_BLOCKS = 'invalid_blocks';

/** chat.postMessage through the replies' own caller; its answer (the message echoed) is not read. */
function postMessage(
  client: ReplyCaller,
  args: { channel: string; thread_ts?: string } & MessageView,
): Promise<Record<string, unknown>> {
  return client.call('chat.postMessage', args, { read: false });
}

/** Posts `message` to `channel` (in `threadTs`'s thread when given); logs and gives up on a failure. */
export async function postReply(
  client: ReplyCaller,
  logger: Logger,
  what: string,
  target: { channel: string; threadTs: string | undefined },
  message: Message,
): Promise<void> {
  const { channel, threadTs } = target;
  if (threadTs === undefined) {
    await attempt(logger, what, () => postMessage(client, { channel, ...renderMessage(message) }));
    return;
  }
  const thread = { channel, thread_ts: threadTs };
  await attempt(logger, what, async () => {
    try {
      return await postMessage(client, {
        ...thread,
        ...renderMessage(message, undefined, { feedbackButtons: true }),
      });
    } catch (error) {
      if (!(error instanceof SlackCallError) || error.error !== REFUSED_BLOCKS) throw error;
      logger.info(
        `${what}: Slack refused the feedback buttons (${describeSlackError(error)}); sent with ordinary buttons`,
      );
      return postMessage(client, { ...thread, ...renderMessage(message) });
    }
  });
}
