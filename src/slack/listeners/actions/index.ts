// Buttons: every action id the renderer draws is routed to one handler, which acknowledges first.
import type { App, BlockAction } from '@slack/bolt';
import { ACTION, OPEN_FAQ_PATTERN } from '../../views/ids.js';
import type { ListenerDeps } from '../deps.js';
import { handleButton } from './handle-button.js';

export { type ButtonPlace, buttonPlace } from './handle-button.js';

export function register(app: App, deps: ListenerDeps): void {
  const ids = [
    OPEN_FAQ_PATTERN,
    ACTION.feedbackUp,
    ACTION.feedbackDown,
    ACTION.feedbackButtons,
    ACTION.openCheck,
    ACTION.openRemind,
    ACTION.downloadReport,
  ];
  for (const id of ids) {
    app.action<BlockAction>(id, async ({ ack, body, client, respond, logger }) => {
      await ack();
      await handleButton(deps, body, { client, respond, logger });
    });
  }
}
