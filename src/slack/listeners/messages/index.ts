// message.im: a question sent to the app in a DM. Bot messages, edits and other subtypes are ignored.
import type { App } from '@slack/bolt';
import { timeAnswer } from '../../timing.js';
import type { ListenerDeps } from '../deps.js';
import { handleDirectMessage } from './handle-direct-message.js';

export interface DirectMessage {
  user: string;
  channel: string;
  text: string;
  /** Set when the question was asked in a thread of the DM: the reply goes there too. */
  threadTs: string | undefined;
}

/** The DM a person typed, or null for anything else (bot posts, edits, deletions, file shares, channels). */
export function directMessage(event: Record<string, unknown>): DirectMessage | null {
  if (event['type'] !== 'message' || event['channel_type'] !== 'im') return null;
  if (event['subtype'] !== undefined || event['bot_id'] !== undefined || event['bot_profile'] !== undefined)
    return null;
  const { user, channel, text } = event;
  if (
    typeof user !== 'string' ||
    typeof channel !== 'string' ||
    typeof text !== 'string' ||
    text.trim() === ''
  ) {
    return null;
  }
  const threadTs = typeof event['thread_ts'] === 'string' ? event['thread_ts'] : undefined;
  return { user, channel, text, threadTs };
}

export function register(app: App, deps: ListenerDeps): void {
  app.event('message', async ({ event, client, logger, context }) => {
    const dm = directMessage(event as unknown as Record<string, unknown>);
    if (dm)
      await timeAnswer(deps.metrics, 'dm', context, () => handleDirectMessage(deps, dm, { client, logger }));
  });
}
