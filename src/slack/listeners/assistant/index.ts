// Slack's assistant thread (the "Agents & AI apps" split view): suggested prompts when it opens, a status
// while the answer is found, the thread titled by its first question, and the answer exactly as in a DM,
// with 👍/👎 as Slack's feedback buttons. Workspaces without the surface never send these events; the DM,
// App Home and slash command are unchanged.
//
// Bolt reads any threaded DM as an assistant message, so a question in a thread of the ordinary DM comes
// here too and is answered in its thread (with ordinary 👍/👎 where Slack refuses the feedback buttons:
// post-reply.ts); the status and title calls, which only an assistant thread accepts, are let go quietly.
// Nothing a person typed is kept or logged: the title is sent to Slack, never stored.
import { type App, Assistant, type AssistantConfig } from '@slack/bolt';
import type { ListenerDeps } from '../deps.js';
import { handleThreadStarted } from './handle-thread-started.js';
import { handleUserMessage } from './handle-user-message.js';

/**
 * The app does not read the channel a person has open beside the thread, so it keeps no thread context
 * (Bolt's default store would post and update a message to hold it).
 */
const NO_THREAD_CONTEXT: NonNullable<AssistantConfig['threadContextStore']> = {
  get: async () => ({}),
  save: async () => undefined,
};

export function register(app: App, deps: ListenerDeps): void {
  app.assistant(
    new Assistant({
      threadContextStore: NO_THREAD_CONTEXT,
      threadStarted: (args) => handleThreadStarted(deps, args),
      // The context (which channel is open beside the thread) is not used: nothing to keep.
      threadContextChanged: async () => undefined,
      userMessage: (args) => handleUserMessage(deps, args),
    }),
  );
}
