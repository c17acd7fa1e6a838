// app_mention (FAQ answers in a thread; anything personal or sensitive only to the person) and
// app_home_opened (the Home tab).
import type { App } from '@slack/bolt';
import { timeAnswer } from '../../timing.js';
import type { ListenerDeps } from '../deps.js';
import { handleHomeOpened } from './handle-home-opened.js';
import { handleMention } from './handle-mention.js';

export { mentionText } from './handle-mention.js';

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, client, logger, context }) => {
    if (event.bot_id !== undefined || event.subtype !== undefined || typeof event.user !== 'string') return;
    const mention = {
      user: event.user,
      channel: event.channel,
      text: event.text,
      threadTs: event.thread_ts ?? event.ts,
    };
    await timeAnswer(deps.metrics, 'mention', context, () =>
      handleMention(deps, mention, { client, logger }),
    );
  });

  app.event('app_home_opened', async ({ event, client, logger }) => {
    if (event.tab === 'home') await handleHomeOpened(deps, event.user, { client, logger });
  });
}
