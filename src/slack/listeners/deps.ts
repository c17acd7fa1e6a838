// What every listener gets: the conversation layer, a way to know who is asking, and the admin's tools.
import type { Logger } from '@slack/bolt';
import type { AdminDesk, Bot, Viewer } from '../../bot/index.js';
import type { Metrics } from '../../metrics.js';
import type { ChartFiles } from '../charts.js';
import type { ReplyCaller } from '../web-api/replies.js';

export interface ListenerDeps {
  bot: Bot;
  /** The person behind a Slack user id (roster record, grants); may call users.info once. */
  viewerFor: (slackUserId: string) => Promise<Viewer>;
  logger: Logger;
  /**
   * The Web API calls of a DM's answer and a button's (web-api/replies.ts): our own transport, with the
   * WebClient's timeout, retry budget and rules kept by hand. Everything else goes through Bolt's client.
   */
  replies: ReplyCaller;
  /** Pictures (the completion chart) uploaded for the App Home and the report. */
  charts: ChartFiles;
  /** The report as CSV for "Download report (CSV)"; without it the button says it is not available. */
  admin?: AdminDesk;
  /**
   * Slack processes an uploaded image for a moment before a block may show it (invalid_blocks until then):
   * the Home is published again after each of these waits, then without the picture.
   */
  imageRetryDelaysMs?: readonly number[];
  /**
   * True the first time a key is seen, on any replica (the events' dedupe table): what is done once per
   * thread, such as titling an assistant thread. Without it, everything counts as the first time.
   */
  firstTime?: (key: string) => boolean | Promise<boolean>;
  /** Answer latency for /metrics (src/slack/timing.ts `timeAnswer`). */
  metrics?: Pick<Metrics, 'answerTime'>;
}
