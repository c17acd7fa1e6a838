// app_mention (FAQ answers in a thread; anything personal or sensitive only to the person) and
// app_home_opened (the Home tab).
import type { App } from '@slack/bolt';
import { TEXT } from '../../../bot/index.js';
import { attempt, describeSlackError } from '../../send.js';
import type { ListenerDeps } from '../deps.js';

/** The question without the `<@U…>` mentions around it. */
export function mentionText(text: string): string {
  return text
    .replace(/<@[UW][A-Z0-9]+(?:\|[^>]*)?>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function register(app: App, deps: ListenerDeps): void {
  app.event('app_mention', async ({ event, client, logger }) => {
    if (event.bot_id !== undefined || event.subtype !== undefined || typeof event.user !== 'string') return;
    const user = event.user;
    const threadTs = event.thread_ts ?? event.ts;
    let reply: { message: { text: string; blocks: unknown[] }; private: boolean };
    try {
      const viewer = await deps.viewerFor(user);
      reply = deps.bot.ask(viewer, mentionText(event.text), 'mention');
    } catch (error) {
      logger.error(`Answering a mention failed: ${describeSlackError(error)}`);
      reply = { message: { text: TEXT.somethingWentWrong, blocks: [] }, private: true };
    }
    const { text, blocks } = reply.message;
    if (!reply.private) {
      await attempt(logger, 'chat.postMessage (thread answer)', () =>
        client.chat.postMessage({
          channel: event.channel,
          thread_ts: threadTs,
          text,
          blocks: blocks as never,
        }),
      );
      return;
    }
    // Only the person sees an ephemeral message; if Slack refuses it, their DM is the other private place.
    const ephemeral = await attempt(logger, 'chat.postEphemeral (private answer to a mention)', () =>
      client.chat.postEphemeral({
        channel: event.channel,
        user,
        thread_ts: threadTs,
        text,
        blocks: blocks as never,
      }),
    );
    if (ephemeral === undefined) {
      await attempt(logger, 'chat.postMessage (private answer to a mention, by DM)', () =>
        client.chat.postMessage({ channel: user, text, blocks: blocks as never }),
      );
    }
  });

  app.event('app_home_opened', async ({ event, client, logger }) => {
    if (event.tab !== 'home') return;
    try {
      const viewer = await deps.viewerFor(event.user);
      const view = deps.bot.home(viewer);
      await attempt(logger, 'views.publish (App Home)', () =>
        client.views.publish({ user_id: event.user, view }),
      );
    } catch (error) {
      logger.error(`Building the App Home failed: ${describeSlackError(error)}`);
    }
  });
}
