// A pressed button: an FAQ answer (related questions, "Did you mean…", the App Home), 👍/👎 feedback, the
// eligibility check, or an admin's App Home buttons (the reminder composer, the report as CSV).
// Acknowledged first; the answer follows.
import type { BlockAction, ButtonAction, Logger, RespondFn, webApi } from '@slack/bolt';
import { CSV_NOT_SENT_TEXT, NOT_ENTITLED_TEXT, reportCsvComment } from '../../../text/messages.js';
import { escapeMrkdwn } from '../../../text/mrkdwn.js';
import { type Message, text } from '../../../text/reply.js';
import { openDm } from '../../charts.js';
import { postReply } from '../../post-reply.js';
import { attempt, describeSlackError } from '../../send.js';
import { parseAction, renderForm, renderMessage } from '../../views/render.js';
import type { ReplyCaller } from '../../web-api/replies.js';
import { createFileUploader } from '../../web-api/upload.js';
import type { ListenerDeps } from '../deps.js';

/** Where the pressed button was: a message (in which channel, ephemeral or not), or a view (Home, modal). */
export type ButtonPlace =
  | {
      type: 'message';
      channel: string;
      ts: string | undefined;
      ephemeral: boolean;
      /** The thread the message is in (Slack's assistant thread, or a thread of the DM). */
      threadTs: string | undefined;
    }
  | { type: 'view' };

const stringOr = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function buttonPlace(body: BlockAction): ButtonPlace {
  const container = (body.container ?? {}) as Record<string, unknown>;
  const channel = stringOr(container['channel_id']) ?? body.channel?.id;
  if (container['type'] === 'message' && channel) {
    const ts = stringOr(container['message_ts']) ?? body.message?.ts;
    const message = (body.message ?? {}) as Record<string, unknown>;
    const threadTs = stringOr(container['thread_ts']) ?? stringOr(message['thread_ts']);
    return {
      type: 'message',
      channel,
      ts,
      ephemeral: container['is_ephemeral'] === true,
      // A thread's own root is not "in" a thread: its answer goes beside it, as before.
      threadTs: threadTs !== undefined && threadTs !== ts ? threadTs : undefined,
    };
  }
  return { type: 'view' };
}

export interface ButtonTools {
  client: webApi.WebClient;
  /** A new answer's post (post-reply.ts): the replies' own caller. */
  replies: ReplyCaller;
  respond: RespondFn | undefined;
  logger: Logger;
}

/**
 * A new message answering a button: from the Home tab, into the DM; in a DM, into the DM, in the thread the
 * button was in (the assistant thread's "Did you mean…" answers in that thread); in a channel, to the presser only.
 */
async function deliver(
  message: Message,
  place: ButtonPlace,
  userId: string,
  tools: ButtonTools,
): Promise<void> {
  const { client, respond, logger } = tools;
  if (place.type === 'view' || place.channel.startsWith('D')) {
    const target =
      place.type === 'view'
        ? { channel: userId, threadTs: undefined }
        : { channel: place.channel, threadTs: place.threadTs };
    await postReply(tools.replies, logger, 'chat.postMessage (button answer)', target, message);
    return;
  }
  const payload = renderMessage(message);
  if (respond) {
    await attempt(logger, 'respond (button answer)', () =>
      respond({ response_type: 'ephemeral', replace_original: false, ...payload }),
    );
    return;
  }
  await attempt(logger, 'chat.postEphemeral (button answer)', () =>
    client.chat.postEphemeral({ channel: place.channel, user: userId, ...payload }),
  );
}

export async function handleButton(deps: ListenerDeps, body: BlockAction, tools: ButtonTools): Promise<void> {
  const { client, respond, logger } = tools;
  const pressed = body.actions[0] as ButtonAction | undefined;
  const value = pressed?.value ?? '';
  const action = pressed ? parseAction(pressed.action_id, value) : null;
  if (!action) return;
  const place = buttonPlace(body);
  switch (action.kind) {
    case 'open-check':
      // The trigger expires three seconds after the click: open the modal before anything else.
      await attempt(logger, 'views.open (eligibility check)', () =>
        client.views.open({ trigger_id: body.trigger_id, view: renderForm(deps.bot.openCheck()) }),
      );
      return;
    case 'open-faq':
      try {
        const viewer = await deps.viewerFor(body.user.id);
        // In a channel, one person's vote would change the message everyone sees: no feedback buttons there.
        const feedback = place.type === 'view' || place.channel.startsWith('D');
        const message = deps.bot.openFaq(viewer, action.faqId, { feedback });
        if (message) await deliver(message, place, body.user.id, tools);
        else logger.warn(`An FAQ button named an unknown entry: ${JSON.stringify(value.slice(0, 64))}`);
      } catch (error) {
        logger.error(`Opening an FAQ answer failed: ${describeSlackError(error)}`);
      }
      return;
    case 'vote': {
      // One vote per person per answer message: a second click (or a replayed one) changes it, never adds.
      const voted = place.type === 'message' && place.ts ? `${place.channel}:${place.ts}` : undefined;
      const message = await deps.bot.feedback(action.faqId, action.vote, body.user.id, voted);
      if (!message) {
        logger.warn(`Feedback named an unknown FAQ entry: ${JSON.stringify(value.slice(0, 64))}`);
        return;
      }
      const payload = renderMessage(message);
      // The buttons give way to a thank-you, so the same person does not vote twice on one answer.
      if (place.type === 'message' && !place.ephemeral && place.ts) {
        const ts = place.ts;
        await attempt(logger, 'chat.update (feedback)', () =>
          client.chat.update({ channel: place.channel, ts, ...payload }),
        );
      } else if (respond) {
        await attempt(logger, 'respond (feedback)', () => respond({ replace_original: true, ...payload }));
      }
      return;
    }
    case 'open-remind':
      try {
        // The same as `/harassment-training remind`: the composer for an admin, a refusal for anyone else.
        const viewer = await deps.viewerFor(body.user.id);
        const reply = await deps.bot.command(viewer, 'remind');
        if (reply.type === 'form')
          await attempt(logger, 'views.open (reminder composer)', () =>
            client.views.open({ trigger_id: body.trigger_id, view: renderForm(reply.form) }),
          );
        else await deliver(reply.message, place, body.user.id, tools);
      } catch (error) {
        logger.error(`Opening the reminder composer failed: ${describeSlackError(error)}`);
      }
      return;
    case 'download-report':
      await sendReportCsv(deps, body.user.id, place, tools);
      return;
    default:
      action satisfies never;
  }
}

const say = (words: string): Message => ({ text: words, parts: [text(words)] });

/** The report of the presser's scope as a CSV file in their DM; anyone without a report grant is told so. */
async function sendReportCsv(
  deps: ListenerDeps,
  userId: string,
  place: ButtonPlace,
  tools: ButtonTools,
): Promise<void> {
  const { client, logger } = tools;
  try {
    const viewer = await deps.viewerFor(userId);
    const file = await deps.admin?.reportCsv(viewer);
    if (file === undefined) {
      logger.warn('"Download report (CSV)" was pressed, but the app was started without the admin desk.');
      await deliver(say(CSV_NOT_SENT_TEXT), place, userId, tools);
      return;
    }
    if (file === null) {
      await deliver(say(NOT_ENTITLED_TEXT), place, userId, tools);
      return;
    }
    await createFileUploader({ client }).upload({
      filename: file.filename,
      bytes: Buffer.from(file.csv, 'utf8'),
      title: file.filename,
      channelId: await openDm(client, userId),
      // The comment is read as mrkdwn: a department name from the roster stays text.
      message: { initialComment: reportCsvComment(escapeMrkdwn(file.scope), file.today) },
    });
  } catch (error) {
    logger.error(`Sending the report as CSV failed: ${describeSlackError(error)}`);
    await deliver(say(CSV_NOT_SENT_TEXT), place, userId, tools);
  }
}
