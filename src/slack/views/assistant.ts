// What Slack's assistant thread shows besides messages: the suggested prompts and the thread's title. Pure
// builders, like the other views: text from content or from a person is escaped and kept within bounds.
import type { SuggestedPrompt } from '../../content/schemas.js';
import { escapeMrkdwn } from '../../text/mrkdwn.js';

/**
 * The longest title given to a thread: the first question, cut at a word. Slack documents no length for
 * `assistant.threads.setTitle`; this keeps a title to one line of the thread list.
 */
export const TITLE_MAX = 60;
/** `assistant.threads.setSuggestedPrompts` takes up to four prompts. */
export const PROMPTS_MAX = 4;

/** Cut at `max` UTF-16 units, never inside an entity (`&amp;`) or a surrogate pair. */
function cutAt(text: string, max: number): string {
  return text
    .slice(0, max)
    .replace(/&[a-z]*$/, '')
    .replace(/[\uD800-\uDBFF]$/, '');
}

/** The first question as a thread title: one line, `&`, `<`, `>` escaped, at most TITLE_MAX, cut at a word. */
export function buildThreadTitle(question: string): string {
  const line = escapeMrkdwn(question.replace(/\s+/g, ' ').trim());
  if (line.length <= TITLE_MAX) return line;
  const space = line.lastIndexOf(' ', TITLE_MAX - 1);
  const head = space > TITLE_MAX / 2 ? line.slice(0, space) : cutAt(line, TITLE_MAX - 1);
  return `${head.trimEnd()}…`;
}

/** The prompts as `setSuggestedPrompts` takes them: at most four, each escaped. */
export function buildSuggestedPrompts(
  prompts: readonly SuggestedPrompt[],
): { title: string; message: string }[] {
  return prompts.slice(0, PROMPTS_MAX).map((p) => ({
    title: escapeMrkdwn(p.title),
    message: escapeMrkdwn(p.message),
  }));
}
