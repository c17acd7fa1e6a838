// A question in a DM: answered in the DM (in its thread when asked in one).
import type { Logger, webApi } from '@slack/bolt';
import type { AnswerKind } from '../../../answer/index.js';
import { CHART_NOT_UPLOADED_TEXT, TEXT } from '../../../text/messages.js';
import { type Message, note } from '../../../text/reply.js';
import { imageParts } from '../../charts.js';
import { attempt, describeSlackError } from '../../send.js';
import { type RenderOptions, renderMessage } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';
import type { DirectMessage } from './index.js';

export async function handleDirectMessage(
  deps: ListenerDeps,
  dm: DirectMessage,
  { client, logger }: { client: webApi.WebClient; logger: Logger },
  render: RenderOptions = {},
): Promise<AnswerKind | 'failed'> {
  const thread = dm.threadTs ? { thread_ts: dm.threadTs } : {};
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
  // `report` typed in the DM: the report and its chart as one message with the PNG (not in a thread).
  if (imageParts(reply.parts).length > 0) {
    try {
      await deps.charts.sendWithPicture(reply, dm.user, client);
      return kind;
    } catch (error) {
      logger.error(`Sending the report with its chart failed: ${describeSlackError(error)}`);
      reply = { ...reply, parts: [...reply.parts, note(CHART_NOT_UPLOADED_TEXT)] };
    }
  }
  await attempt(logger, 'chat.postMessage (DM answer)', () =>
    client.chat.postMessage({ channel: dm.channel, ...renderMessage(reply, undefined, render), ...thread }),
  );
  return kind;
}
