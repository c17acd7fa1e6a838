// Slack's assistant thread opened: a greeting, and the content's suggested prompts under it.
import type { AssistantThreadStartedMiddleware } from '@slack/bolt';
import { TEXT } from '../../../text/messages.js';
import { attempt } from '../../send.js';
import { buildSuggestedPrompts } from '../../views/assistant.js';
import type { ListenerDeps } from '../deps.js';

export type ThreadStartedArgs = Parameters<AssistantThreadStartedMiddleware>[0];

export async function handleThreadStarted(deps: ListenerDeps, args: ThreadStartedArgs): Promise<void> {
  const { event, client, logger, setSuggestedPrompts } = args;
  const { channel_id: channel, thread_ts } = event.assistant_thread;
  await attempt(logger, 'chat.postMessage (assistant welcome)', () =>
    client.chat.postMessage({ channel, thread_ts, text: TEXT.assistantWelcome }),
  );
  const prompts = buildSuggestedPrompts(deps.bot.suggestedPrompts());
  if (prompts.length > 0)
    await attempt(logger, 'assistant.threads.setSuggestedPrompts', () =>
      setSuggestedPrompts({ prompts, title: TEXT.assistantPromptsTitle }),
    );
}
