// Acknowledged means answered: when a listener's work fails past its own guard, Bolt's error handler sends
// the person a short apology where they asked (their DM or thread, privately in a channel, through the
// command's or button's response URL), so no acknowledged request ends in silence. Never the error itself,
// never the text they typed.
import type { Logger, webApi } from '@slack/bolt';
import { TEXT } from '../text/messages.js';
import { attempt } from './send.js';

type Body = Readonly<Record<string, unknown>>;

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Where the person who sent `body` should hear that it failed, or null when there is no one to tell. */
export type FailureReply =
  | { via: 'dm'; channel: string; threadTs?: string }
  | { via: 'ephemeral'; channel: string; user: string; threadTs?: string }
  | { via: 'response-url'; url: string };

export function failureReplyFor(body: Body): FailureReply | null {
  const responseUrl = str(body['response_url']);
  if (responseUrl) return { via: 'response-url', url: responseUrl };
  const event = body['event'] as Body | undefined;
  if (body['type'] === 'event_callback' && event) {
    const channel = str(event['channel']);
    const user = str(event['user']);
    const threadTs = str(event['thread_ts']);
    if (!channel || !user || event['bot_id'] !== undefined) return null;
    const thread = threadTs ? { threadTs } : {};
    if (event['type'] === 'message' && event['channel_type'] === 'im')
      return { via: 'dm', channel, ...thread };
    if (event['type'] === 'app_mention') return { via: 'ephemeral', channel, user, ...thread };
    return null;
  }
  // A button with no response URL (in a view): the person's DM.
  if (body['type'] === 'block_actions') {
    const user = str((body['user'] as Body | undefined)?.['id']);
    return user ? { via: 'dm', channel: user } : null;
  }
  return null;
}

export async function tellThePersonItFailed(
  client: webApi.WebClient,
  body: Body,
  logger: Logger,
  text: string = TEXT.somethingWentWrong,
): Promise<void> {
  const to = failureReplyFor(body);
  if (!to) return;
  const thread = to.via !== 'response-url' && to.threadTs ? { thread_ts: to.threadTs } : {};
  switch (to.via) {
    case 'dm':
      await attempt(logger, 'chat.postMessage (failure notice)', () =>
        client.chat.postMessage({ channel: to.channel, text, ...thread }),
      );
      return;
    case 'ephemeral':
      await attempt(logger, 'chat.postEphemeral (failure notice)', () =>
        client.chat.postEphemeral({ channel: to.channel, user: to.user, text, ...thread }),
      );
      return;
    case 'response-url':
      await attempt(logger, 'response_url (failure notice)', async () => {
        const res = await fetch(to.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) throw new Error(`http_${res.status}`);
      });
      return;
    default:
      return to satisfies never;
  }
}
