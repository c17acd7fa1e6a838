// Buttons: every action id the renderer draws is routed to one handler, which acknowledges first.
import type { App, BlockAction } from '@slack/bolt';
import { ACTION, OPEN_FAQ_PATTERN } from '../../views/ids.js';
import type { ListenerDeps } from '../deps.js';
import { handleButton } from './handle-button.js';

export { type ButtonPlace, buttonPlace } from './handle-button.js';

export function register(app: App, deps: ListenerDeps): void {
  for (const id of [OPEN_FAQ_PATTERN, ACTION.feedbackUp, ACTION.feedbackDown, ACTION.openCheck]) {
    app.action<BlockAction>(id, async ({ ack, body, client, respond, logger }) => {
      await ack();
      await handleButton(deps, body, { client, respond, logger });
    });
  }
}
