// What every listener gets: the conversation layer and a way to know who is asking.
import type { Logger } from '@slack/bolt';
import type { Bot, Viewer } from '../../bot/index.js';

export interface ListenerDeps {
  bot: Bot;
  /** The person behind a Slack user id (roster record, grants); may call users.info once. */
  viewerFor: (slackUserId: string) => Promise<Viewer>;
  logger: Logger;
}
