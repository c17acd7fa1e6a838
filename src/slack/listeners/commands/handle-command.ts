// One slash command: ack first, then the bot's reply through the response_url, or its form as a modal.
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { COMMAND, TEXT } from '../../../text/messages.js';
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
      case 'message':
        await attempt(logger, `respond (${COMMAND})`, () =>
          respond({ response_type: 'ephemeral', ...renderMessage(reply.message) }),
        );
        break;
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
