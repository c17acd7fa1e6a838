// Posting a reply to a DM or a DM thread. In a thread (Slack's assistant thread, or a thread of the DM), 👍/👎
// are drawn as Slack's feedback buttons; where Slack refuses those blocks (a workspace or client without the
// assistant surface), the same reply goes out once more with ordinary buttons. A refused post was not
// delivered, so sending it again never doubles an answer.
import type { Logger, webApi } from '@slack/bolt';
import type { Message } from '../text/reply.js';
import { attempt, describeSlackError } from './send.js';
import { type MessageView, renderMessage } from './views/render.js';

/** Slack's answer to blocks it does not accept. */
const REFUSED_BLOCKS = 'invalid_blocks';

function slackErrorCode(error: unknown): string | undefined {
  const code = (error as { data?: { error?: unknown } } | null)?.data?.error;
  return typeof code === 'string' ? code : undefined;
}

/**
 * chat.postMessage with the blocks already in JSON, as the Web API takes them in a form: the WebClient walks any
 * argument that is an object, key by key, to redact it for its debug log (built whatever the log level) and
 * encodes it again to send it; a string it sends as it is. That walk over a reply's blocks was about 2% of the
 * CPU of a DM in bench:slack (issue #25).
 */
function postMessage(
  client: webApi.WebClient,
  args: { channel: string; thread_ts?: string } & MessageView,
): Promise<webApi.WebAPICallResult> {
  const { blocks, ...rest } = args;
  return client.apiCall('chat.postMessage', { ...rest, blocks: JSON.stringify(blocks) });
}

/** Posts `message` to `channel` (in `threadTs`'s thread when given); logs and gives up on a failure. */
export async function postReply(
  client: webApi.WebClient,
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
      if (slackErrorCode(error) !== REFUSED_BLOCKS) throw error;
      logger.info(
        `${what}: Slack refused the feedback buttons (${describeSlackError(error)}); sent with ordinary buttons`,
      );
      return postMessage(client, { ...thread, ...renderMessage(message) });
    }
  });
}
