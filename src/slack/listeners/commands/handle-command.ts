// One slash command: ack first, then the bot's reply through the response_url, or its form as a modal.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { CHART_NOT_UPLOADED_TEXT, COMMAND, REPORT_IN_DM_TEXT, TEXT } from '../../../text/messages.js';
import { note, text } from '../../../text/reply.js';
import { imageParts } from '../../charts.js';
import { attempt, describeSlackError } from '../../send.js';
import { renderForm, renderMessage } from '../../views/render.js';
import type { ListenerDeps } from '../deps.js';

export async function handleCommand(
  deps: ListenerDeps,
  { command, ack, respond, client, logger }: SlackCommandMiddlewareArgs & AllMiddlewareArgs,
): Promise<void> {
  await ack();
  try {
    const viewer = await deps.viewerFor(command.user_id);
    const reply = await deps.bot.command(viewer, command.text);
    switch (reply.type) {
      case 'message': {
        let message = reply.message;
        // A reply with a picture (an admin's report) goes to the DM as one message with the PNG attached.
        if (imageParts(message.parts).length > 0) {
          try {
            await deps.charts.sendWithPicture(message, command.user_id, client);
            message = { text: REPORT_IN_DM_TEXT, parts: [text(REPORT_IN_DM_TEXT)] };
          } catch (error) {
            logger.error(`Sending the report with its chart failed: ${describeSlackError(error)}`);
            message = { ...message, parts: [...message.parts, note(CHART_NOT_UPLOADED_TEXT)] };
          }
        }
        await attempt(logger, `respond (${COMMAND})`, () =>
          respond({ response_type: 'ephemeral', ...renderMessage(message) }),
        );
        break;
      }
      case 'form':
        await attempt(logger, `views.open (${COMMAND})`, () =>
          client.views.open({ trigger_id: command.trigger_id, view: renderForm(reply.form) }),
        );
        break;
      default:
        reply satisfies never;
    }
  } catch (error) {
    logger.error(`${COMMAND} failed: ${describeSlackError(error)}`);
    await attempt(logger, `respond (${COMMAND} error)`, () =>
      respond({ response_type: 'ephemeral', text: TEXT.somethingWentWrong }),
    );
  }
}
