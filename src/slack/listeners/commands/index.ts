// /harassment-training <subcommand>: acknowledged at once, answered privately through the response_url.
import type { App } from '@slack/bolt';
import { TEXT } from '../../../bot/index.js';
import { attempt, describeSlackError } from '../../send.js';
import { COMMAND } from '../../views/info.js';
import type { ListenerDeps } from '../deps.js';

export function register(app: App, deps: ListenerDeps): void {
  app.command(COMMAND, async ({ command, ack, respond, client, logger }) => {
    await ack();
    try {
      const viewer = await deps.viewerFor(command.user_id);
      const reply = await deps.bot.command(viewer, command.text);
      switch (reply.type) {
        case 'message':
          await attempt(logger, `respond (${COMMAND})`, () =>
            respond({ response_type: 'ephemeral', text: reply.message.text, blocks: reply.message.blocks }),
          );
          break;
        case 'modal':
          await attempt(logger, `views.open (${COMMAND})`, () =>
            client.views.open({ trigger_id: command.trigger_id, view: reply.modal }),
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
  });
}
