// Buttons: every action id the renderer draws is routed to one handler, which acknowledges first.
import type { App, BlockAction } from '@slack/bolt';
import { ACTION, OPEN_FAQ_PATTERN } from '../../views/ids.js';
import type { ListenerDeps } from '../deps.js';
import { handleButton } from './handle-button.js';

export { type ButtonPlace, buttonPlace } from './handle-button.js';

/** A string's characters matched as themselves in a RegExp. */
const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Every action id the renderer draws, as one pattern: one Bolt listener instead of one per id. Bolt runs every
 * listener's matchers for every request (a DM too), so each listener more was work for every event.
 */
export const ACTION_ID_PATTERN = new RegExp(
  `^(?:${OPEN_FAQ_PATTERN.source.replace(/^\^/, '')}|${[
    ACTION.feedbackUp,
    ACTION.feedbackDown,
    ACTION.feedbackButtons,
    ACTION.openCheck,
    ACTION.openRemind,
    ACTION.downloadReport,
  ]
    .map((id) => `${literally(id)}$`)
    .join('|')})`,
);

export function register(app: App, deps: ListenerDeps): void {
  app.action<BlockAction>(ACTION_ID_PATTERN, async ({ ack, body, client, respond, logger }) => {
    await ack();
    await handleButton(deps, body, { client, replies: deps.replies, respond, logger });
  });
}
