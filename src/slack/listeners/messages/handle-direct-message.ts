// A question in a DM: answered in the DM (in its thread when asked in one, which is how Slack's assistant
// thread arrives too: there 👍/👎 are Slack's feedback buttons, see post-reply.ts).
import type { Logger, webApi } from '@slack/bolt';
import type { AnswerKind } from '../../../answer/index.js';
import { CHART_NOT_UPLOADED_TEXT, TEXT } from '../../../text/messages.js';
import { type Message, note } from '../../../text/reply.js';
import { imageParts } from '../../charts.js';
import { postReply } from '../../post-reply.js';
import { describeSlackError } from '../../send.js';
import type { ListenerDeps } from '../deps.js';
import type { DirectMessage } from './index.js';

export async function handleDirectMessage(
  deps: ListenerDeps,
  dm: DirectMessage,
  { client, logger }: { client: webApi.WebClient; logger: Logger },
): Promise<AnswerKind | 'failed'> {
  let reply: Message;
  let kind: AnswerKind | 'failed' = 'failed';
  try {
    const viewer = await deps.viewerFor(dm.user);
    const asked = await deps.bot.message(viewer, dm.text);
    reply = asked.message;
    kind = asked.kind;
  } catch (error) {
    logger.error(`Answering a DM failed: ${describeSlackError(error)}`);
    reply = { text: TEXT.somethingWentWrong, parts: [] };
  }
  // `report` typed in the DM: the report and its chart as one message with the PNG (in the thread it was
  // asked in, so an assistant thread shows it).
  if (imageParts(reply.parts).length > 0) {
    try {
      await deps.charts.sendWithPicture(reply, dm.user, client, dm.threadTs);
      return kind;
    } catch (error) {
      logger.error(`Sending the report with its chart failed: ${describeSlackError(error)}`);
      reply = { ...reply, parts: [...reply.parts, note(CHART_NOT_UPLOADED_TEXT)] };
    }
  }
  await postReply(
    deps.replies,
    logger,
    'chat.postMessage (DM answer)',
    { channel: dm.channel, threadTs: dm.threadTs },
    reply,
  );
  return kind;
}
